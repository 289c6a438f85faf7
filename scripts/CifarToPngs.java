import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes the first N images of CIFAR-10's first training batch as PNG files, one sub-folder per class
 * ({@code 0-airplane}, {@code 1-automobile}, ...): a set of the layout {@code --dataset folder} reads, which
 * resizes the images as it loads them (to 96x96 with {@code --image-shape 3x96x96}, say: the larger-image
 * benchmark in docs/BENCHMARKS.md). Runs with Java alone:
 *
 * <pre>
 * java scripts/CifarToPngs.java data/cifar10 data/cifar-png 2000
 * ./eagerae train --dataset folder --images data/cifar-png --image-shape 3x96x96 --train-size 1200 --val-size 400 ...
 * </pre>
 */
public final class CifarToPngs {

    private static final String[] CLASSES = {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java scripts/CifarToPngs.java CIFAR10_DIR OUT_DIR IMAGES");
            System.exit(2);
        }
        Path batch = Path.of(args[0]).resolve("data_batch_1.bin");
        Path out = Path.of(args[1]);
        int images = Integer.parseInt(args[2]);
        if (images < 1 || images > 10_000) {
            System.err.println("CifarToPngs: IMAGES must be 1 to 10000 (one batch), got " + images);
            System.exit(2);
        }
        byte[] record = new byte[1 + 3 * 32 * 32];
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(batch)))) {
            for (int i = 0; i < images; i++) {
                in.readFully(record);
                int label = record[0];
                BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < 32 * 32; p++) {
                    int r = record[1 + p] & 0xff;
                    int g = record[1 + 1024 + p] & 0xff;
                    int b = record[1 + 2048 + p] & 0xff;
                    image.setRGB(p % 32, p / 32, (r << 16) | (g << 8) | b);
                }
                Path folder = out.resolve(label + "-" + CLASSES[label]);
                Files.createDirectories(folder);
                ImageIO.write(image, "png", folder.resolve(String.format("%05d.png", i)).toFile());
            }
        }
        System.out.println("wrote " + images + " CIFAR-10 images as PNG into " + out);
    }
}

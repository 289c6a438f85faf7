import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Writes a small, low-resolution MNIST in MNIST's own IDX layout: the first N training images and
 * all 10,000 test images, each shrunk from 28x28 to SIZE x SIZE by averaging the source pixels whose
 * centres fall in each target pixel. A set where few images and few pixels leave the encoders little
 * to learn, for the eager-stop evaluation (docs/RESULTS.md). Runs with Java alone:
 *
 * <pre>
 * java scripts/ShrinkMnist.java data/mnist data/mnist-12 12 1500
 * ./eagerae train --dataset idx --images data/mnist-12 --train-size 1000 --val-size 500 ...
 * </pre>
 */
public final class ShrinkMnist {

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: java scripts/ShrinkMnist.java MNIST_DIR OUT_DIR SIZE TRAIN_IMAGES");
            System.exit(2);
        }
        Path from = Path.of(args[0]);
        Path to = Path.of(args[1]);
        int size = Integer.parseInt(args[2]);
        int train = Integer.parseInt(args[3]);
        Files.createDirectories(to);
        shrink(from, to, "train", train, size);
        shrink(from, to, "t10k", Integer.MAX_VALUE, size);
        System.out.println("wrote " + to + ": " + train + " training and the test images at " + size + "x" + size);
    }

    private static void shrink(Path from, Path to, String prefix, int limit, int size) throws IOException {
        try (DataInputStream images = open(from, prefix + "-images-idx3-ubyte"); DataInputStream labels = open(from, prefix + "-labels-idx1-ubyte");
                DataOutputStream outImages = new DataOutputStream(Files.newOutputStream(to.resolve(prefix + "-images-idx3-ubyte")));
                DataOutputStream outLabels = new DataOutputStream(Files.newOutputStream(to.resolve(prefix + "-labels-idx1-ubyte")))) {
            require(images.readInt() == 2051, prefix + " images: not an IDX image file");
            int n = images.readInt();
            int rows = images.readInt();
            int cols = images.readInt();
            require(labels.readInt() == 2049, prefix + " labels: not an IDX label file");
            require(labels.readInt() == n, prefix + ": images and labels differ in count");
            int count = Math.min(n, limit);
            outImages.writeInt(2051);
            outImages.writeInt(count);
            outImages.writeInt(size);
            outImages.writeInt(size);
            outLabels.writeInt(2049);
            outLabels.writeInt(count);
            byte[] source = new byte[rows * cols];
            for (int i = 0; i < count; i++) {
                images.readFully(source);
                outImages.write(resized(source, rows, cols, size));
                outLabels.writeByte(labels.readUnsignedByte());
            }
        }
    }

    /** Each target pixel the mean of the source pixels whose centres lie in it. */
    private static byte[] resized(byte[] source, int rows, int cols, int size) {
        double[] sum = new double[size * size];
        int[] count = new int[size * size];
        for (int y = 0; y < rows; y++) {
            int ty = (int) ((y + 0.5) * size / rows);
            for (int x = 0; x < cols; x++) {
                int tx = (int) ((x + 0.5) * size / cols);
                sum[ty * size + tx] += source[y * cols + x] & 0xff;
                count[ty * size + tx]++;
            }
        }
        byte[] out = new byte[size * size];
        for (int p = 0; p < out.length; p++) {
            out[p] = (byte) Math.round(sum[p] / Math.max(count[p], 1));
        }
        return out;
    }

    private static DataInputStream open(Path dir, String name) throws IOException {
        Path plain = dir.resolve(name);
        InputStream in = Files.exists(plain) ? Files.newInputStream(plain) : new GZIPInputStream(Files.newInputStream(dir.resolve(name + ".gz")));
        return new DataInputStream(new java.io.BufferedInputStream(in));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            System.err.println("ShrinkMnist: " + message);
            System.exit(2);
        }
    }
}

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Writes MNIST at another resolution in MNIST's own IDX layout: the first TRAIN training images and
 * the first TEST test images (all when left out), each resized from 28x28 to SIZE x SIZE. Smaller:
 * each target pixel the mean of the source pixels whose centres fall in it (a set where few images
 * and few pixels leave the encoders little to learn, for the eager-stop evaluation in
 * docs/RESULTS.md). Larger: bilinear interpolation, pixel centres aligned, edges clamped (few, large
 * images, where the activations far outnumber the images, for docs/BENCHMARKS.md). Runs with Java
 * alone:
 *
 * <pre>
 * java scripts/ResizeMnist.java data/mnist data/mnist-12 12 1500
 * java scripts/ResizeMnist.java data/mnist data/mnist-128 128 1600 400
 * </pre>
 */
public final class ResizeMnist {

    public static void main(String[] args) throws IOException {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: java scripts/ResizeMnist.java MNIST_DIR OUT_DIR SIZE TRAIN_IMAGES [TEST_IMAGES]");
            System.exit(2);
        }
        Path from = Path.of(args[0]);
        Path to = Path.of(args[1]);
        int size = Integer.parseInt(args[2]);
        int train = Integer.parseInt(args[3]);
        int test = args.length == 5 ? Integer.parseInt(args[4]) : Integer.MAX_VALUE;
        Files.createDirectories(to);
        resize(from, to, "train", train, size);
        resize(from, to, "t10k", test, size);
        System.out.println("wrote " + to + ": " + train + " training and " + (args.length == 5 ? test + "" : "all") + " test images at "
                + size + "x" + size);
    }

    private static void resize(Path from, Path to, String prefix, int limit, int size) throws IOException {
        try (DataInputStream images = open(from, prefix + "-images-idx3-ubyte"); DataInputStream labels = open(from, prefix + "-labels-idx1-ubyte");
                DataOutputStream outImages = new DataOutputStream(new java.io.BufferedOutputStream(
                        Files.newOutputStream(to.resolve(prefix + "-images-idx3-ubyte"))));
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
                outImages.write(size < rows ? averaged(source, rows, cols, size) : interpolated(source, rows, cols, size));
                outLabels.writeByte(labels.readUnsignedByte());
            }
        }
    }

    /** Each target pixel interpolated between the four source pixels around its centre. */
    private static byte[] interpolated(byte[] source, int rows, int cols, int size) {
        byte[] out = new byte[size * size];
        for (int ty = 0; ty < size; ty++) {
            double y = Math.min(Math.max((ty + 0.5) * rows / size - 0.5, 0), rows - 1);
            int y0 = (int) y;
            int y1 = Math.min(y0 + 1, rows - 1);
            double fy = y - y0;
            for (int tx = 0; tx < size; tx++) {
                double x = Math.min(Math.max((tx + 0.5) * cols / size - 0.5, 0), cols - 1);
                int x0 = (int) x;
                int x1 = Math.min(x0 + 1, cols - 1);
                double fx = x - x0;
                double top = (1 - fx) * pixel(source, cols, y0, x0) + fx * pixel(source, cols, y0, x1);
                double bottom = (1 - fx) * pixel(source, cols, y1, x0) + fx * pixel(source, cols, y1, x1);
                out[ty * size + tx] = (byte) Math.round((1 - fy) * top + fy * bottom);
            }
        }
        return out;
    }

    /** Each target pixel the mean of the source pixels whose centres lie in it. */
    private static byte[] averaged(byte[] source, int rows, int cols, int size) {
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

    private static int pixel(byte[] source, int cols, int y, int x) {
        return source[y * cols + x] & 0xff;
    }

    private static DataInputStream open(Path dir, String name) throws IOException {
        Path plain = dir.resolve(name);
        InputStream in = Files.exists(plain) ? Files.newInputStream(plain) : new GZIPInputStream(Files.newInputStream(dir.resolve(name + ".gz")));
        return new DataInputStream(new java.io.BufferedInputStream(in));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            System.err.println("ResizeMnist: " + message);
            System.exit(2);
        }
    }
}

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eagerae.data.Splits;

/**
 * Writes the MNIST training images that a split leaves out (neither training nor validation images) as one IDX image
 * file, for {@code train --unlabelled}: the images a user would have without labels. The split is the one {@code train}
 * makes: the training file shuffled with the split seed, the first TRAIN + VAL images taken. Needs eagerae's classes for
 * that shuffle:
 *
 * <pre>
 * java -cp eagerae-core/target/classes scripts/MnistRest.java data/mnist 4800 1200 1 unlabelled-images-idx3-ubyte
 * ./eagerae train --preset mnist-small --unlabelled unlabelled-images-idx3-ubyte ...
 * </pre>
 */
public final class MnistRest {

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: java -cp eagerae-core/target/classes scripts/MnistRest.java MNIST_DIR TRAIN VAL SPLIT_SEED OUT_FILE");
            System.exit(2);
        }
        byte[] file = Files.readAllBytes(Path.of(args[0], "train-images-idx3-ubyte"));
        ByteBuffer header = ByteBuffer.wrap(file, 0, 16);
        int magic = header.getInt();
        int n = header.getInt();
        int h = header.getInt();
        int w = header.getInt();
        if (magic != 2051) {
            System.err.println(args[0] + "/train-images-idx3-ubyte: not an uncompressed IDX image file");
            System.exit(2);
        }
        int taken = Integer.parseInt(args[1]) + Integer.parseInt(args[2]);
        int[] order = Splits.permutation(n, Long.parseLong(args[3]));
        int per = h * w;
        ByteBuffer out = ByteBuffer.allocate(16 + (n - taken) * per);
        out.putInt(2051).putInt(n - taken).putInt(h).putInt(w);
        for (int i = taken; i < n; i++) {
            out.put(file, 16 + order[i] * per, per);
        }
        Files.write(Path.of(args[4]), out.array());
        System.out.println("wrote " + (n - taken) + " images of " + h + "x" + w + " to " + args[4]);
    }
}

package org.eagerae.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eagerae.InvalidInputException;

/**
 * A folder holding a dataset in MNIST's layout: {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte},
 * each raw or with a {@code .gz} suffix. MNIST, Fashion-MNIST and a user's own data in that format.
 */
public final class IdxFolder {

    /** MNIST's file names, in the order training images, training labels, test images, test labels. */
    public static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private IdxFolder() {}

    /** Reads the training and test files of a folder in MNIST's layout. */
    public static TrainTest load(Path dir, int classes) {
        requireFolder(dir);
        ByteImages train = IdxReader.readEncoded(find(dir, FILES[0]), find(dir, FILES[1]), classes);
        ByteImages test = IdxReader.readEncoded(find(dir, FILES[2]), find(dir, FILES[3]), classes);
        if (test.height() != train.height() || test.width() != train.width()) {
            throw new InvalidInputException(find(dir, FILES[2]) + " holds " + test.height() + "x" + test.width() + " images but "
                    + find(dir, FILES[0]) + " holds " + train.height() + "x" + train.width() + "; both must have one size");
        }
        return new TrainTest(train, test);
    }

    /** The image shape ({@code 1 x rows x columns}) declared by the training images' IDX header. */
    public static int[] imageShape(Path dir) {
        requireFolder(dir);
        int[] header = IdxReader.header(find(dir, FILES[0]));
        return new int[] {1, header[1], header[2]};
    }

    /** The number of training and test images the IDX headers declare. */
    public static long imageCount(Path dir) {
        requireFolder(dir);
        return (long) IdxReader.header(find(dir, FILES[0]))[0] + IdxReader.header(find(dir, FILES[2]))[0];
    }

    private static void requireFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": no such folder (IDX data is read from a folder of IDX files in MNIST's layout)");
        }
    }

    /** The file with that name in {@code dir}, raw or gzip-compressed. */
    public static Path find(Path dir, String name) {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new InvalidInputException(dir + " has no " + name + " (nor " + name + ".gz)");
    }
}

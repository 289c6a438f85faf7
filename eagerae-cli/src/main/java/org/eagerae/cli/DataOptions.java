package org.eagerae.cli;

import java.nio.file.Path;
import org.eagerae.InvalidInputException;
import org.eagerae.data.DataSource;
import picocli.CommandLine.Option;

/** The options that choose a dataset and its split, shared by the commands that train. */
final class DataOptions {

    @Option(names = "--dataset", completionCandidates = CompletionValues.Datasets.class,
            description = "mnist, fashion-mnist, cifar10, idx (IDX files in MNIST's layout), folder or npy (default: mnist; cifar10 with --preset cifar10).")
    String dataset;

    @Option(names = "--images", description = "For --dataset idx: the folder of IDX files; for folder: one sub-folder of images"
            + " per class; for npy: images.npy (float32, N x C x H x W) and labels.npy.")
    Path images;

    @Option(names = "--image-shape", defaultValue = "1x28x28", description = "For --dataset folder: CxHxW to load images as (default: ${DEFAULT-VALUE}).")
    String imageShape;

    @Option(names = "--preset", completionCandidates = CompletionValues.Presets.class, description = "Split preset: mnist-small (4,800/1,200), mnist-large (48,000/12,000) or cifar10 (CIFAR-10, 4,800/1,200).")
    String preset;

    @Option(names = "--train-size", converter = OptionValues.AtLeastOne.class, description = "Training images (overrides the preset).")
    Integer trainSize;

    @Option(names = "--val-size", converter = OptionValues.AtLeastOne.class, description = "Validation images (overrides the preset).")
    Integer valSize;

    @Option(names = "--test-size", converter = OptionValues.AtLeastZero.class, defaultValue = "0", description = "Test images from the official test file; 0 = all (default).")
    int testSize;

    @Option(names = "--split-seed", description = "Seed of the train/validation shuffle (default: --seed).")
    Long splitSeed;

    @Option(names = "--data-dir", description = "Data folder (default: $EAGERAE_DATA or ./data).")
    Path dataDir;

    /** The data source these options describe. */
    DataSource toSource(long seed) {
        int[] sizes = presetSizes();
        int train = trainSize != null ? trainSize : sizes[0];
        int val = valSize != null ? valSize : sizes[1];
        return DataSource.named(dataset(), DataDirs.resolve(dataDir), images, imageShape, train, val, testSize,
                splitSeed != null ? splitSeed : seed);
    }

    /** The dataset given, or the preset's: CIFAR-10 for {@code cifar10}, else MNIST. */
    private String dataset() {
        boolean cifar = "cifar10".equals(preset);
        if (dataset != null && cifar && !dataset.equals("cifar10")) {
            throw new InvalidInputException("--preset cifar10 splits CIFAR-10; leave out --dataset " + dataset + " or use another --preset");
        }
        return dataset != null ? dataset : cifar ? "cifar10" : "mnist";
    }

    private int[] presetSizes() {
        if (preset == null) {
            return new int[] {4800, 1200};
        }
        return switch (preset) {
            case "mnist-small" -> new int[] {4800, 1200};
            case "mnist-large" -> new int[] {48000, 12000};
            case "cifar10" -> new int[] {4800, 1200};
            default -> throw new InvalidInputException("unknown --preset '" + preset + "'; use mnist-small, mnist-large or cifar10");
        };
    }
}

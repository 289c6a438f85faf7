package org.eagerae.cli;

import java.nio.file.Path;
import org.eagerae.InvalidInputException;
import org.eagerae.data.DataSource;
import org.eagerae.data.SplitPreset;
import picocli.CommandLine.Option;

/** The options that choose a dataset and its split, shared by the commands that train. */
final class DataOptions {

    @Option(names = "--dataset", completionCandidates = CompletionValues.Datasets.class,
            description = "mnist, fashion-mnist, cifar10, idx (IDX files in MNIST's layout), folder or npy (default: the --preset's; mnist without one).")
    String dataset;

    @Option(names = "--images", description = "For --dataset idx: the folder of IDX files; for folder: one sub-folder of images"
            + " per class; for npy: images.npy (float32, N x C x H x W) and labels.npy.")
    Path images;

    @Option(names = "--image-shape", defaultValue = "1x28x28", description = "For --dataset folder: CxHxW to load images as (default: ${DEFAULT-VALUE}).")
    String imageShape;

    @Option(names = "--preset", completionCandidates = CompletionValues.SplitPresets.class, description = "Split preset: mnist-small (4,800/1,200), mnist-large (48,000/12,000), mnist-all (every MNIST training image:"
            + " 54,000/6,000), fashion-mnist (4,800/1,200), fashion-mnist-all (54,000/6,000), cifar10 (CIFAR-10, 4,800/1,200) or"
            + " cifar10-all (45,000/5,000) (default: mnist-small).")
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
        SplitPreset split = preset != null ? SplitPreset.parse(preset) : SplitPreset.MNIST_SMALL;
        int train = trainSize != null ? trainSize : split.trainSize();
        int val = valSize != null ? valSize : split.valSize();
        return DataSource.named(dataset(split), DataDirs.resolve(dataDir), images, imageShape, train, val, testSize,
                splitSeed != null ? splitSeed : seed);
    }

    /** The dataset given, or the preset's (MNIST without one). */
    private String dataset(SplitPreset split) {
        if (dataset != null && preset != null && !dataset.equals(split.dataset())) {
            throw new InvalidInputException("--preset " + preset + " splits " + split.dataset() + "; leave out --dataset " + dataset
                    + " or use another --preset");
        }
        return dataset != null ? dataset : split.dataset();
    }
}

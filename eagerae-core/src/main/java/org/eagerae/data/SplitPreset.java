package org.eagerae.data;

import java.util.Arrays;
import java.util.List;
import org.eagerae.InvalidSettingException;

/**
 * A published dataset and the sizes of its training and validation splits, by a name a user gives ({@code train --preset},
 * {@code experiment --preset}). The {@code -all} presets use every training image of the dataset: the setting of a user
 * with many unlabelled images, whose autoencoders learn from all of them while classifiers see a label budget.
 */
public enum SplitPreset {
    /** MNIST, 4,800 training and 1,200 validation images: the paper's small setting. */
    MNIST_SMALL("mnist-small", "mnist", 4_800, 1_200),
    /** MNIST, 48,000 training and 12,000 validation images: the paper's large setting. */
    MNIST_LARGE("mnist-large", "mnist", 48_000, 12_000),
    /** Every MNIST training image: 54,000 training and 6,000 validation. */
    MNIST_ALL("mnist-all", "mnist", 54_000, 6_000),
    /** Fashion-MNIST, 4,800 / 1,200. */
    FASHION_MNIST("fashion-mnist", "fashion-mnist", 4_800, 1_200),
    /** Every Fashion-MNIST training image: 54,000 / 6,000. */
    FASHION_MNIST_ALL("fashion-mnist-all", "fashion-mnist", 54_000, 6_000),
    /** CIFAR-10, 4,800 / 1,200. */
    CIFAR10("cifar10", "cifar10", 4_800, 1_200),
    /** Every CIFAR-10 training image: 45,000 / 5,000. */
    CIFAR10_ALL("cifar10-all", "cifar10", 45_000, 5_000);

    private final String label;
    private final String dataset;
    private final int trainSize;
    private final int valSize;

    SplitPreset(String label, String dataset, int trainSize, int valSize) {
        this.label = label;
        this.dataset = dataset;
        this.trainSize = trainSize;
        this.valSize = valSize;
    }

    /** The name a user gives, e.g. {@code mnist-small}. */
    public String label() {
        return label;
    }

    /** The published dataset: {@code mnist}, {@code fashion-mnist} or {@code cifar10} ({@link PublishedDataset}). */
    public String dataset() {
        return dataset;
    }

    /** Training images. */
    public int trainSize() {
        return trainSize;
    }

    /** Validation images. */
    public int valSize() {
        return valSize;
    }

    /** Whether this preset uses every training image of its dataset. */
    public boolean allImages() {
        return label.endsWith("-all");
    }

    /** The names, in the order above. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(SplitPreset::label).toList();
    }

    /** The preset named {@code label}; an unknown name is refused with the names there are. */
    public static SplitPreset parse(String label) {
        return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst().orElseThrow(() -> new InvalidSettingException(
                "preset", "unknown preset '" + label + "'; use one of " + String.join(", ", labels())));
    }
}

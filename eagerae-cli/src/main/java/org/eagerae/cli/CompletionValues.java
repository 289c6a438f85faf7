package org.eagerae.cli;

import java.util.Iterator;
import java.util.List;
import org.eagerae.classify.Method;
import org.eagerae.data.PublishedDataset;

/**
 * The values of options that take a word from a fixed list, for shell completion (picocli's
 * {@code completionCandidates}); each command still checks what it is given.
 */
final class CompletionValues {

    private CompletionValues() {}

    /** The published datasets: {@code mnist}, {@code fashion-mnist}, {@code cifar10}. */
    static final class Published implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PublishedDataset.ids().iterator();
        }
    }

    /** What {@code --dataset} reads: a published dataset or one of the three layouts of one's own images. */
    static final class Datasets implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> all = new java.util.ArrayList<>(PublishedDataset.ids());
            all.addAll(List.of("idx", "folder", "npy"));
            return all.iterator();
        }
    }

    /** The experiment's presets: the split presets and the label study's quick one. */
    static final class Presets implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return org.eagerae.experiment.ExperimentConfig.PRESETS.iterator();
        }
    }

    /** The split presets ({@code train --preset}). */
    static final class SplitPresets implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return org.eagerae.data.SplitPreset.labels().iterator();
        }
    }

    /** {@code classify --method}: {@link #methodNames()}. */
    static final class Methods implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return methodNames().iterator();
        }
    }

    /**
     * What {@code classify --method} accepts: the frozen-feature methods, the controls, the semi-supervised methods, and the groups
     * {@code all}, {@code controls} and {@code semi-supervised}.
     */
    static List<String> methodNames() {
        List<String> all = new java.util.ArrayList<>(Method.FROZEN.stream().map(Method::label).toList());
        Method.CONTROLS.forEach(m -> all.add(m.label()));
        Method.SEMI_SUPERVISED.forEach(m -> all.add(m.label()));
        all.add("all");
        all.add("controls");
        all.add("semi-supervised");
        return all;
    }

    /** {@code classify --classifier}. */
    static final class Classifiers implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("mlp", "logistic").iterator();
        }
    }

    /** {@code classify --fine-tune-augmentation}. */
    static final class Augmentations implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return java.util.Arrays.stream(org.eagerae.classify.FineTuneAugmentation.values())
                    .map(org.eagerae.classify.FineTuneAugmentation::label).iterator();
        }
    }
}

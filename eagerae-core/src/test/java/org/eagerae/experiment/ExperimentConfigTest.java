package org.eagerae.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eagerae.classify.ClassifierOptions;
import org.junit.jupiter.api.Test;

class ExperimentConfigTest {

    @Test
    void theClassifierSettingsTheExperimentTrainsWithAreTheOnesItsReportDescribes() {
        ExperimentConfig config = new ExperimentConfig("mnist-small", "data", 5, 2, 7, 10, 5, List.of(1, 2), 2, true, true);
        ClassifierOptions options = config.classifierOptions(8);
        assertThat(options).extracting(ClassifierOptions::hidden, ClassifierOptions::pcaVariance, ClassifierOptions::learningRate,
                        ClassifierOptions::batchSize, ClassifierOptions::maxEpochs, ClassifierOptions::patience,
                        ClassifierOptions::learningRateDrops, ClassifierOptions::seed)
                .containsExactly(256, 0.0, 1e-3f, 100, 25, 4, 0, 8L);
        assertThat(options.describe()).isEqualTo("MLP (256 hidden, ReLU) on every activation, Adam 0.001, batch 100, early stop on validation"
                + " accuracy (patience 4, max 25 epochs)");
    }

    @Test
    void labelBudgetsAreEveryLabelOrAtLeastTwoPerClassEachOnceAndStoredWithTheSettings() throws Exception {
        ExperimentConfig config = new ExperimentConfig("mnist-small", "data", 5, 2, 7, 10, 5, List.of(1, 2), 2, true, true);
        assertThat(config.labelsPerClass()).isEmpty();
        ExperimentConfig curve = config.withLabelsPerClass(List.of(10, 30, 0));
        byte[] json = org.eagerae.run.RunDirectory.JSON.writeValueAsBytes(curve);
        assertThat(org.eagerae.run.RunDirectory.JSON.readValue(json, ExperimentConfig.class)).isEqualTo(curve);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.withLabelsPerClass(List.of(10, 1)))
                .isInstanceOf(org.eagerae.InvalidSettingException.class)
                .hasMessage("labelsPerClass must be 0 (every label) or >= 2 (one training and one validation label per class), got 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.withLabelsPerClass(List.of(10, -3)))
                .hasMessageEndingWith("got -3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.withLabelsPerClass(List.of(10, 0, 10)))
                .isInstanceOf(org.eagerae.InvalidSettingException.class).hasMessage("labelsPerClass lists a budget twice: [10, 0, 10]");
        // a curve counted in labels in all: its own points, and never both axes at once
        ExperimentConfig inAll = config.withLabelsInAll(List.of(100, 300, 0));
        assertThat(inAll.labelBudgets()).containsExactly(LabelAmount.inAll(100), LabelAmount.inAll(300), LabelAmount.EVERY_LABEL);
        assertThat(inAll.labelsPerClass()).isEmpty();
        assertThat(curve.labelBudgets()).containsExactly(LabelAmount.perClass(10), LabelAmount.perClass(30), LabelAmount.EVERY_LABEL);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExperimentConfig(config.preset(), "data", 5, 2, 7, 10, 5, List.of(1), 2,
                true, true, 0, 0, null, false, List.of(10), null, List.of(100)))
                .isInstanceOf(org.eagerae.InvalidSettingException.class)
                .hasMessage("labelsPerClass [10] and labelsInAll [100] are two axes for one label-efficiency curve; give one");
        assertThat(LabelAmount.inAll(100).applyTo(org.eagerae.classify.ClassifierOptions.defaults(1).withLabelsPerClass(10)).labelBudget())
                .contains(org.eagerae.classify.LabelBudget.inAll(100, 1));
        assertThat(LabelAmount.inAll(100).describe()).isEqualTo("100 labels in all");
        assertThat(LabelAmount.inAll(0)).isEqualTo(LabelAmount.EVERY_LABEL);
        assertThat(config.withLabelsInAll(List.of(0)).countsLabelsInAll()).as("every label alone, on the axis in all").isTrue();
        assertThat(curve.countsLabelsInAll()).isFalse();
        assertThat(inAll.describeBudgets()).isEqualTo("100 labels in all, 300 labels in all, every label");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LabelAmount.inAll(1)).isInstanceOf(org.eagerae.InvalidSettingException.class)
                .hasMessage("labelsInAll must be 0 (every label) or >= 2 (one training and one validation label per class), got 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ResultRow(1, "pixels", org.eagerae.classify.Method.RAW_PIXELS,
                Selection.EPOCH, 0, 0, 0.8, 0.5, 1.5, null, 0.75, 10, "ab", null, 100)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.eagerae.classify.LabelBudget.inAll(100, 1).validationPerClass())
                .isInstanceOf(IllegalStateException.class);
        assertThat(ResultRow.key(1, "pixels", org.eagerae.classify.Method.RAW_PIXELS, Selection.EPOCH, 0, LabelAmount.inAll(100)))
                .isEqualTo("1/pixels/raw-pixels/epoch/0/labels-100-in-all");
    }

    /**
     * The experiment's unlabelled images go to every repeat's autoencoders, the monolithic model's and the members', and to the
     * classifiers' unsupervised steps, never among their labelled images.
     */
    @Test
    void unlabelledImagesJoinEveryRepeatsAutoencodersAndAreStoredWithTheSettings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path data = org.eagerae.testing.TinyRuns.writeIdxFolder(tmp.resolve("data"), 120, 20);
        java.nio.file.Path extra = org.eagerae.testing.TinyRuns.writeNpyFolder(tmp.resolve("extra"),
                org.eagerae.testing.TinyImages.bars(40, 1, 28, 10, 7));
        org.eagerae.data.UnlabelledImages images = org.eagerae.data.UnlabelledImages.of(extra.resolve("images.npy"), 1, 28, 28);
        ExperimentConfig config = new ExperimentConfig("mnist-small", data.toString(), 2, 2, 1, 3, 3, List.of(1, 3), 2, true, true)
                .withUnlabelled(images);
        byte[] json = org.eagerae.run.RunDirectory.JSON.writeValueAsBytes(config);
        assertThat(org.eagerae.run.RunDirectory.JSON.readValue(json, ExperimentConfig.class)).isEqualTo(config);
        Experiment experiment = new Experiment(new ExperimentLayout(tmp.resolve("exp")), config, 1, s -> { },
                org.eagerae.ensemble.EnsembleListener.NONE, seed -> org.eagerae.testing.TinyRuns.idx(data, 80, 20, seed));
        for (long seed : new long[] {1, 2}) {
            org.eagerae.data.DataSplit labelled = experiment.data(seed).load();
            for (org.eagerae.run.RunSpec spec : List.of(experiment.monolithic(seed, 1), experiment.ensemble(seed, 1))) {
                assertThat(spec.unlabelled()).isEqualTo(images);
                org.eagerae.data.DataSplit seen = spec.autoencoderData(labelled);
                assertThat(seen.train().size()).isEqualTo(80 + images.train());
                assertThat(seen.validation().size()).isEqualTo(20 + images.validation());
                org.eagerae.data.DataSplit classifiers = spec.loadClassifierData();
                assertThat(classifiers.train().labels()).isEqualTo(labelled.train().labels());
                assertThat(classifiers.validation().size()).isEqualTo(20);
                assertThat(classifiers.unsupervisedImages().size()).isEqualTo(80 + images.train());
            }
        }
        assertThat(new ExperimentConfig("mnist-small", "data", 2, 1, 1, 3, 3, List.of(1), 2, true, true).unlabelled()).isNull();
    }
}

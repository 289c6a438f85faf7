package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClassifierOptionsTest {

    @Test
    void theDefaultsDescribeTheirHeadItsInputsAndTheStoppingRule() {
        assertThat(ClassifierOptions.defaults(1).describe()).isEqualTo("MLP (256 hidden, ReLU) on the principal components that keep 99 % of"
                + " the variance, Adam 0.002, batch 200, early stop on validation accuracy (patience 3, max 60 epochs, the step size divided"
                + " by 5 once)");
    }

    @Test
    void fineTuningAlsoDescribesItsAugmentationAndDropout() {
        assertThat(ClassifierOptions.defaults(1).forFineTuning().describe()).isEqualTo("MLP (256 hidden, ReLU) on every activation, Adam 0.001,"
                + " batch 100, early stop on validation accuracy (patience 5, max 60 epochs, the step size divided by 5 up to 2 times),"
                + " images moved by up to 2.0 px and turned by up to 10.0 degrees, dropout 0.5");
    }

    @Test
    void fineTuningWithoutAugmentationLeavesTheImagesAsTheyAreAndSaysNothingOfMovingThem() {
        ClassifierOptions plain = ClassifierOptions.defaults(1).withFineTuneAugmentation(FineTuneAugmentation.NONE).forFineTuning();
        assertThat(plain.maxShift()).isZero();
        assertThat(plain.maxDegrees()).isZero();
        assertThat(plain.describe()).endsWith("up to 2 times), dropout 0.5");
        assertThat(ClassifierOptions.defaults(1).forFineTuning().maxShift()).isEqualTo(2);
        assertThat(FineTuneAugmentation.parse("none")).isEqualTo(FineTuneAugmentation.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FineTuneAugmentation.parse("blur"))
                .hasMessage("unknown fine-tuning augmentation 'blur'; use shift-and-turn or none");
    }

    @Test
    void settingsWrittenBeforeTheAugmentationSwitchReadAsShiftAndTurn() throws Exception {
        var json = org.eagerae.run.RunDirectory.JSON;
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(json.writeValueAsString(ClassifierOptions.defaults(1)));
        tree.remove("fineTuneAugmentation");
        ClassifierOptions old = json.treeToValue(tree, ClassifierOptions.class);
        assertThat(old.fineTuneAugmentation()).isEqualTo(FineTuneAugmentation.SHIFT_AND_TURN);
        assertThat(old).isEqualTo(ClassifierOptions.defaults(1));
    }

    @Test
    void theDescriptionIsNotWrittenWithTheSettings() throws Exception {
        var json = org.eagerae.run.RunDirectory.JSON;
        var written = json.readTree(json.writeValueAsString(ClassifierOptions.defaults(1)));
        assertThat(written.get("patience").asInt()).isEqualTo(3);
        assertThat(written.has("describe")).isFalse();
        assertThat(written.toString()).doesNotContain("MLP");
    }

    @Test
    void logisticRegressionIsNamedSo() {
        assertThat(ClassifierOptions.defaults(1).withHidden(0).withPcaVariance(0).describe()).startsWith("logistic regression on every activation,");
    }

    /** Each copy method changes its own setting and keeps every other. */
    @Test
    void eachCopyChangesOnlyItsOwnSetting() throws Exception {
        ClassifierOptions d = ClassifierOptions.defaults(1);
        java.util.Map<String, ClassifierOptions> copies = java.util.Map.ofEntries(java.util.Map.entry("hidden", d.withHidden(64)),
                java.util.Map.entry("pcaVariance", d.withPcaVariance(0.9)), java.util.Map.entry("learningRate", d.withLearningRate(1e-2f)),
                java.util.Map.entry("batchSize", d.withBatchSize(50)), java.util.Map.entry("maxEpochs", d.withMaxEpochs(7)),
                java.util.Map.entry("patience", d.withPatience(2)), java.util.Map.entry("learningRateDrops", d.withLearningRateDrops(3)),
                java.util.Map.entry("featurePooling", d.withFeaturePooling(FeaturePooling.GLOBAL)), java.util.Map.entry("seed", d.withSeed(9)),
                java.util.Map.entry("votingHeads", d.withVotingHeads(4)), java.util.Map.entry("labelsPerClass", d.withLabelsPerClass(10)),
                java.util.Map.entry("labelsInAll", d.withLabelsInAll(100)),
                java.util.Map.entry("fineTuneAugmentation", d.withFineTuneAugmentation(FineTuneAugmentation.NONE)));
        for (var copy : copies.entrySet()) {
            assertThat(changedComponents(d, copy.getValue())).as(copy.getKey()).containsExactly(copy.getKey());
        }
        // fine-tuning's own optimiser, stopping rule, augmentation and dropout; the head's size, epoch cap, seed, heads and budget kept
        assertThat(changedComponents(d, d.forFineTuning())).containsExactly("pcaVariance", "learningRate", "batchSize", "patience",
                "learningRateDrops", "maxShift", "maxDegrees", "dropout");
        assertThat(d.withHidden(64).withSeed(9).withLabelsInAll(100).forFineTuning()).isEqualTo(new ClassifierOptions(64, 0, 1e-3f, 100, 60, 5,
                2, 2, 10, 0.5f, 9, FeaturePooling.NONE, 0, 0, 100, FineTuneAugmentation.SHIFT_AND_TURN));
    }

    /** The names of the components in which {@code b} differs from {@code a}, in the record's order. */
    private static java.util.List<String> changedComponents(ClassifierOptions a, ClassifierOptions b) throws Exception {
        java.util.List<String> changed = new java.util.ArrayList<>();
        for (var component : ClassifierOptions.class.getRecordComponents()) {
            if (!java.util.Objects.equals(component.getAccessor().invoke(a), component.getAccessor().invoke(b))) {
                changed.add(component.getName());
            }
        }
        return changed;
    }
}

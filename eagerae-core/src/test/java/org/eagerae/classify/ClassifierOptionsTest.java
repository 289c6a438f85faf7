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
    void eachCopyChangesOnlyItsOwnSetting() {
        ClassifierOptions changed = ClassifierOptions.defaults(1).withHidden(64).withPcaVariance(0.9).withLearningRate(1e-2f).withBatchSize(50)
                .withMaxEpochs(7).withPatience(2).withLearningRateDrops(3).withFeaturePooling(FeaturePooling.GLOBAL).withSeed(9)
                .withVotingHeads(4).withLabelsInAll(100).withFineTuneAugmentation(FineTuneAugmentation.NONE);
        assertThat(changed).isEqualTo(new ClassifierOptions(64, 0.9, 1e-2f, 50, 7, 2, 3, 0, 0, 0f, 9, FeaturePooling.GLOBAL, 4, 0, 100,
                FineTuneAugmentation.NONE));
        assertThat(changed.withLabelsInAll(0).withLabelsPerClass(10).labelsPerClass()).isEqualTo(10);
        // fine-tuning's own optimiser, stopping rule and dropout; the head's size, epoch cap, seed, heads and budget kept
        assertThat(changed.withFineTuneAugmentation(FineTuneAugmentation.SHIFT_AND_TURN).forFineTuning()).isEqualTo(new ClassifierOptions(64, 0,
                1e-3f, 100, 7, 5, 2, 2, 10, 0.5f, 9, FeaturePooling.GLOBAL, 4, 0, 100, FineTuneAugmentation.SHIFT_AND_TURN));
    }
}

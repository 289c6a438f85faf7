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
}

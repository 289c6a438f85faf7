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
}

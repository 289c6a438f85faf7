package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A classifier's epoch: at least {@link SupervisedTrainer#MIN_STEPS_PER_EPOCH} steps, however few its training images. */
class SupervisedTrainerTest {

    @Test
    void aSmallTrainingSetMakesAsManyPassesAnEpochAsTwentyFourStepsTake() {
        assertThat(SupervisedTrainer.MIN_STEPS_PER_EPOCH).isEqualTo(24);
        assertThat(SupervisedTrainer.passesPerEpoch(4800, 200)).as("MNIST small, where the schedule was tuned").isEqualTo(1);
        assertThat(SupervisedTrainer.passesPerEpoch(48000, 200)).isEqualTo(1);
        assertThat(SupervisedTrainer.passesPerEpoch(4601, 200)).as("24 batches, the last short").isEqualTo(1);
        assertThat(SupervisedTrainer.passesPerEpoch(4600, 200)).as("23 batches").isEqualTo(2);
        assertThat(SupervisedTrainer.passesPerEpoch(80, 200)).as("10 labels per class, one batch").isEqualTo(24);
        assertThat(SupervisedTrainer.passesPerEpoch(100, 30)).as("4 batches a pass").isEqualTo(6);
        assertThat(SupervisedTrainer.passesPerEpoch(1, 1)).isEqualTo(24);
        assertThatThrownBy(() -> SupervisedTrainer.passesPerEpoch(0, 200)).hasMessage("a classifier needs at least one training image");
    }
}

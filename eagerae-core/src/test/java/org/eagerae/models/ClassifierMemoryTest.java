package org.eagerae.models;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.eagerae.InvalidSettingException;
import org.eagerae.classify.Method;
import org.eagerae.model.CaeSpec;
import org.junit.jupiter.api.Test;

/** The classifiers' memory estimate that classify makes before computing any activation. */
class ClassifierMemoryTest {

    private static final CaeSpec MNIST = CaeSpec.mnist(); // 32 x 7 x 7 = 1568 activations per member
    private static final Set<Method> ALL = Set.of(Method.SINGLE, Method.STACKED, Method.SOFT_VOTE, Method.HARD_VOTE);

    @Test
    void everyHeadIsKeptAndTheLargestTrainsWithFourCopies() {
        // 5 member heads and the stacked head of 1568 x 256 weights each per member: 10 x 401,408 kept, plus 3 x the stacked
        // head's 2,007,040 while it trains = 10,035,200 floats = 40,140,800 bytes
        assertThatCode(() -> ModelTraining.requireClassifiersFit(MNIST, 5, ALL, false, 256, 5, 2, 40_140_800L)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ModelTraining.requireClassifiersFit(MNIST, 5, ALL, false, 256, 5, 2, 40_140_799L))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("hidden 256 makes classifiers of about 38 MiB (the largest head's first layer is 7840 activations x 256 hidden"
                        + " units, kept for every head and trained with its gradients and Adam's moments), more than this machine's 38 MiB"
                        + " of memory; use fewer hidden units")
                .extracting(e -> ((InvalidSettingException) e).setting()).isEqualTo("hidden");
        // the member heads alone: 5 x 401,408 kept + 3 x 401,408 = 3,211,264 floats
        assertThatCode(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(Method.SOFT_VOTE), false, 256, 5, 2, 12_845_056L))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(Method.SOFT_VOTE), false, 256, 5, 2, 12_845_055L))
                .isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void theSeedControlsKeepTheirKHeads() {
        // raw-pixels-vote of 5 heads: 5 x 200,704 kept + 3 x 200,704 while the largest trains = 1,605,632 floats
        assertThatCode(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(Method.RAW_PIXELS_VOTE), false, 256, 5, 2, 6_422_528L))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(Method.RAW_PIXELS_VOTE), false, 256, 5, 2, 6_422_527L))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("first layer is 784 pixels x 256 hidden units");
        // head-vote of 7 heads on one encoder, whatever the members: 7 x 401,408 + 3 x 401,408 = 4,014,080 floats
        assertThatCode(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(Method.HEAD_VOTE), false, 256, 7, 2, 16_056_320L))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(Method.HEAD_VOTE), false, 256, 7, 2, 16_056_319L))
                .isInstanceOf(InvalidSettingException.class);
        // beside the members' own heads, whose first member's head is the vote's first: 5 + 6 kept + 3 = 14 x 401,408
        assertThatCode(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(Method.SINGLE, Method.HEAD_VOTE), false, 256, 7, 2,
                22_478_848L)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(Method.SINGLE, Method.HEAD_VOTE), false, 256, 7, 2,
                22_478_847L)).isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void theHeadOnRawPixelsIsKeptBesideTheOthers() {
        java.util.Set<Method> all = new java.util.HashSet<>(ALL);
        all.add(Method.RAW_PIXELS);
        // the 10,035,200 floats above and the pixels' head of 784 x 256 = 200,704 floats: 40,943,616 bytes
        assertThatCode(() -> ModelTraining.requireClassifiersFit(MNIST, 5, all, false, 256, 5, 2, 40_943_616L)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ModelTraining.requireClassifiersFit(MNIST, 5, all, false, 256, 5, 2, 40_943_615L))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("first layer is 7840 activations x 256 hidden units");
        // alone: 4 x 200,704 floats
        assertThatCode(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(Method.RAW_PIXELS), false, 256, 5, 2, 3_211_264L))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(Method.RAW_PIXELS), false, 256, 5, 2, 3_211_263L))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("first layer is 784 pixels x 256 hidden units");
    }

    @Test
    void fineTuningTrainsAHeadInEachWorkerAtATime() {
        // 2 workers x 4 copies x 401,408 = 3,211,264 floats
        assertThatCode(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(), true, 256, 5, 2, 12_845_056L)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ModelTraining.requireClassifiersFit(MNIST, 5, Set.of(), true, 256, 5, 2, 12_845_055L))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("first layer is 1568 activations x 256 hidden units");
    }

    @Test
    void twoBillionHiddenUnitsAreRefusedAndLogisticRegressionNever() {
        assertThatThrownBy(() -> ModelTraining.requireClassifiersFit(MNIST, 1, Set.of(Method.SINGLE), false, 2_000_000_000, 1, 2, 1L << 40))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("hidden 2000000000 makes classifiers of about 46730.0 GiB (the largest head's first layer is 1568"
                        + " activations x 2000000000 hidden units");
        assertThatCode(() -> ModelTraining.requireClassifiersFit(MNIST, 100, ALL, true, 0, 100, 16, 1L)).doesNotThrowAnyException();
    }
}

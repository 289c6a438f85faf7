package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.data.DataSplit;
import org.eagerae.model.CaeSpec;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under a label budget the classifiers' unsupervised steps see every training image's pixels, and no label outside the budget. */
class UnsupervisedStepsTest {

    @TempDir
    Path dir;

    @Test
    void withALabelBudgetTheStandardisationAndComponentsAreFittedOnEveryTrainingImageWithoutItsLabel() throws Exception {
        DataSplit split = TinyRuns.barsInIdx(dir, 300, 100, 50).load();
        DataSplit budget = new LabelBudget(6, 1).choose(split);
        assertThat(budget.unsupervised().pixels()).isEqualTo(split.train().pixels());
        assertThat(budget.unsupervised().labels()).hasSize(300).containsOnly(-1);
        FeatureSource pixels = FeatureSource.pixels(CaeSpec.mnist());
        try (FeatureStore store = FeatureStore.temporary(); NDManager manager = NDManager.newBaseManager()) {
            EncoderFeatures withBudget = EncoderFeatures.extract(pixels, budget, store).withPrincipalComponents(0.9, 5);
            EncoderFeatures whole = EncoderFeatures.extract(pixels, split, store).withPrincipalComponents(0.9, 5);
            // the heads train on the budget's images (5 of each class) ...
            int budgetRows = 5 * split.train().classes();
            assertThat(withBudget.train().rows()).isEqualTo(budgetRows).isLessThan(300);
            assertThat(withBudget.principal().train().rows()).isEqualTo(budgetRows);
            // ... with the statistics and components of all 300 images, exactly those fitted on the whole training split
            assertThat(values(withBudget.standardizer(), manager)).isEqualTo(values(whole.standardizer(), manager));
            assertThat(withBudget.principal().validation().values())
                    .isEqualTo(whole.principal().components().project(withBudget.validation(), whole.standardizer()).values());
            // fitted on the budget's own images they would differ
            EncoderFeatures alone = EncoderFeatures.extract(pixels, new DataSplit(budget.train(), budget.validation(), budget.test()), store);
            assertThat(values(alone.standardizer(), manager)).isNotEqualTo(values(whole.standardizer(), manager));
        }
    }

    /** The means, then the scales. */
    private static float[] values(Standardizer s, NDManager manager) {
        List<float[]> parts = s.weights(manager).stream().map(NDArray::toFloatArray).toList();
        float[] out = java.util.Arrays.copyOf(parts.get(0), parts.get(0).length + parts.get(1).length);
        System.arraycopy(parts.get(1), 0, out, parts.get(0).length, parts.get(1).length);
        return out;
    }
}

package org.eagerae.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.classify.Method;
import org.eagerae.data.DataSource;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import org.eagerae.testing.Folders;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code classify --pca auto} on a tiny run of two members under a label budget: each method keeps the share of variance
 * whose classifiers scored highest on the budget's validation labels (ties: the share tried first), and its numbers are
 * those of a plain classify with that share.
 */
class PcaSearchTest {

    static final ClassifierOptions OPTIONS = BestEpochTest.OPTIONS.withLabelsPerClass(10);
    static final Set<Method> METHODS = Set.of(Method.SINGLE, Method.SOFT_VOTE, Method.RAW_PIXELS);

    @TempDir
    static Path tmp;

    static RunDirectory run;
    static RunDirectory plain;
    static PcaSearch.Outcome outcome;

    @BeforeAll
    static void classifyATinyRunChoosingTheShareOfVariance() throws Exception {
        DataSource source = TinyRuns.barsInIdx(tmp.resolve("data"), 200, 60, 48);
        run = TinyRuns.trainInline(tmp.resolve("run"), source, 2, 1);
        plain = RunDirectory.open(Folders.copyTree(run.root(), tmp.resolve("plain")));
        outcome = ModelTraining.classifyChoosingPca(run, new CheckpointSelection.Epoch(1), METHODS, OPTIONS, PcaSearch.DEFAULT, false,
                ClassifierListener.NONE);
    }

    @Test
    void eachMethodKeepsTheShareWithTheHighestValidationAccuracyTheFirstTriedOnTies() {
        assertThat(outcome.results()).extracting(ClassificationResult::method).containsExactlyInAnyOrderElementsOf(METHODS);
        for (ClassificationResult r : outcome.results()) {
            Map<Double, Double> tried = outcome.validation().get(r.method());
            assertThat(tried.keySet()).containsExactlyElementsOf(PcaSearch.DEFAULT.candidates());
            double best = tried.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double first = tried.entrySet().stream().filter(e -> e.getValue() == best).findFirst().orElseThrow().getKey();
            assertThat(r.classifier().pcaVariance()).as(r.method().label()).isEqualTo(first);
            assertThat(r.validationAccuracy()).isEqualTo(best);
            assertThat(r.classifier().labelsPerClass()).isEqualTo(10);
        }
    }

    @Test
    void theChosenNumbersAreThoseOfAPlainClassifyWithThatShareAndAreRecorded() {
        for (ClassificationResult r : outcome.results()) {
            List<ClassificationResult> again = ModelTraining.classify(plain, new CheckpointSelection.Epoch(1), Set.of(r.method()),
                    OPTIONS.withPcaVariance(r.classifier().pcaVariance()), false);
            ClassificationResult same = again.stream().filter(x -> x.method() == r.method()).findFirst().orElseThrow();
            assertThat(same.accuracy()).as(r.method().label()).isEqualTo(r.accuracy());
            assertThat(same.validationAccuracy()).isEqualTo(r.validationAccuracy());
        }
        assertThat(ClassifyFile.read(run)).extracting(ClassificationResult::method)
                .as("only the chosen results are recorded, as many as the methods").hasSize(METHODS.size())
                .containsExactlyInAnyOrderElementsOf(METHODS);
    }
}

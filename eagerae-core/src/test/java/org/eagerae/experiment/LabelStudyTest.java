package org.eagerae.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eagerae.data.SplitPreset;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.model.Architecture;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label-efficiency study's presets: the protocol by epoch and by label budget (here a budget in all, 50 labels shared among
 * the classes; ExperimentTest has budgets per class), the semi-supervised methods under a budget, and none of the paper's
 * comparisons at equal time; on small IDX files written here, the ensemble in worker processes.
 */
@Tag("process")
class LabelStudyTest {

    @TempDir
    static Path tmp;

    static ExperimentLayout layout;

    @BeforeAll
    static void runSmallStudy() throws Exception {
        Path data = TinyRuns.writeIdxFolder(tmp.resolve("data"), 500, 150);
        layout = new ExperimentLayout(tmp.resolve("study"));
        ExperimentConfig config = new ExperimentConfig(ExperimentConfig.LABELS_QUICK, data.toString(), 2, 1, 1, 2, 2, List.of(2), 2, true,
                true).withLabelsInAll(List.of(50, 0));
        layout.writeConfig(config);
        new Experiment(layout, config, 1, s -> { }, EnsembleListener.NONE, seed -> TinyRuns.idx(data, 300, 100, seed)).run();
        new ExperimentReport(layout).write();
    }

    @Test
    void thePresetsSayWhichStudyTheyRunAndOnWhatSplit() {
        assertThat(ExperimentConfig.labelStudy("labels-quick")).isTrue();
        assertThat(ExperimentConfig.labelStudy("mnist-all")).isTrue();
        assertThat(ExperimentConfig.labelStudy("cifar10-all")).isTrue();
        assertThat(ExperimentConfig.labelStudy("mnist-small")).isFalse();
        assertThat(ExperimentConfig.labelStudy("cifar10")).isFalse();
        ExperimentConfig cifar = new ExperimentConfig("cifar10-all", "data", 5, 3, 1, 2, 2, List.of(2), 2, false, true);
        assertThat(cifar.dataset()).isEqualTo("cifar10");
        assertThat(cifar.sizes()).containsExactly(45_000, 5_000);
        assertThat(cifar.architecture()).isEqualTo(Architecture.CIFAR10);
        ExperimentConfig fashion = new ExperimentConfig("fashion-mnist-all", "data", 5, 3, 1, 2, 2, List.of(2), 2, false, true);
        assertThat(fashion.dataset()).isEqualTo("fashion-mnist");
        assertThat(fashion.sizes()).containsExactly(54_000, 6_000);
        assertThat(layout.readConfig().split()).isEqualTo(SplitPreset.MNIST_SMALL);
        assertThat(ExperimentConfig.PRESETS).containsExactly("mnist-small", "mnist-large", "mnist-all", "fashion-mnist",
                "fashion-mnist-all", "cifar10", "cifar10-all", "labels-quick");
    }

    @Test
    void everyResultIsByEpochAtTheBaselinesOrTheLastEpochWithoutTheComparisonsAtEqualTime() {
        List<ResultRow> rows = layout.readResults();
        assertThat(rows).extracting(ResultRow::selection).containsOnly(Selection.EPOCH);
        assertThat(rows.stream().filter(r -> r.model().equals(Experiment.ENSEMBLE)).map(ResultRow::epoch).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(0, 2);
        assertThat(rows.stream().filter(r -> r.model().equals(Experiment.PIXELS)).map(ResultRow::epoch).collect(Collectors.toSet()))
                .containsExactly(0);
        assertThat(rows).allSatisfy(r -> assertThat(r.accuracy()).isGreaterThan(0.15)); // chance is 0.1
    }

    @Test
    void underABudgetTheSemiSupervisedMethodsAndFineTuningRunAndWithEveryLabelNot() {
        List<ResultRow> rows = layout.readResults();
        assertThat(rows.stream().filter(r -> r.method().spreadsLabels() || r.method().needsSpreadHeads())
                .map(r -> r.model() + "/" + r.method().label() + "@" + r.labelsInAll() + "/" + r.epoch()))
                .containsExactlyInAnyOrder("ensemble/spread@50/2", "ensemble/spread-vote@50/2", "pixels/raw-pixels-spread@50/0");
        assertThat(rows).allSatisfy(r -> assertThat(r.labelsPerClass()).isZero());
        // fine-tuning on the budget's few labels, from the last epoch and from scratch; with every label not (unless asked)
        assertThat(rows.stream().filter(r -> r.method().label().startsWith("fine-tune"))
                .map(r -> r.method().label() + "@" + r.labelsInAll() + "/" + r.epoch()))
                .containsExactlyInAnyOrder("fine-tune@50/2", "fine-tune-vote@50/2", "fine-tune@50/0", "fine-tune-vote@50/0");
        // the spread heads join images by principal components; the other heads read every activation
        org.eagerae.classify.ClassificationResult spread = org.eagerae.classify.ClassifyFile.read(
                org.eagerae.run.RunDirectory.open(layout.run(1, Experiment.ENSEMBLE))).stream()
                .filter(r -> r.method() == org.eagerae.classify.Method.SPREAD_VOTE).findFirst().orElseThrow();
        assertThat(spread.classifier().pcaVariance()).isEqualTo(ExperimentConfig.SPREADING_VARIANCE);
        assertThat(spread.classifier().labelsInAll()).isEqualTo(50);
    }

    @Test
    void theReportLeadsWithTheLabelCurveAndHasNoSectionsAboutEqualTime() throws Exception {
        String html = Files.readString(layout.report());
        assertThat(html).contains("The label-efficiency study: the autoencoders learn from every training image",
                "<caption>With 50 labels in all: one repeat (n = 1), so no spread</caption>",
                "<tr><td>raw pixels: spread (semi-supervised)</td>", "accuracy-vs-labels-in-all.png",
                "<h2>Label efficiency: test accuracy against labels in all</h2>", "shared among the classes in their proportions");
        String summary = html.substring(html.indexOf("<h2>Summary"), html.indexOf("<h2>Label efficiency"));
        assertThat(summary).containsPattern("<li>With 50 labels in all: highest mean is [^<]+ with \\d+\\.\\d\\d %(; against the best"
                + " without a trained autoencoder, [^<]*: [+\u2212]?\\d+\\.\\d\\d points|, which uses no trained autoencoder)\\.</li>");
        assertThat(summary).contains("<li>With every label: highest mean is ");
        assertThat(html.split("<tr><td>ensemble at its initial weights: soft vote \\(untrained\\)</td>", -1)).hasSize(3); // both budgets
        assertThat(html.indexOf("<h2>Label efficiency")).isPositive().isLessThan(html.indexOf("<h2>Test accuracy (%) by epoch"));
        assertThat(html).doesNotContain("<h2>Test accuracy (%) at", "<h2>Stopped by the probe");
    }
}

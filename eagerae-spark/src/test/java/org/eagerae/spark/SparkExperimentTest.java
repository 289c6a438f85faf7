package org.eagerae.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.eagerae.classify.Method;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.experiment.Experiment;
import org.eagerae.experiment.ExperimentConfig;
import org.eagerae.experiment.ExperimentLayout;
import org.eagerae.experiment.ResultRow;
import org.eagerae.experiment.Selection;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment with its ensemble trained, and its members' classifiers computed, on {@code local-cluster[2,1,1024]}
 * gives the results of the same experiment on worker processes: every result chosen by epoch or by the probe's replayed
 * stop, row by row, with the same accuracy. (Results at equal wall-clock pick checkpoints by each run's own clock, so
 * they are left out.)
 */
@Tag("spark")
class SparkExperimentTest {

    @TempDir
    Path tmp;

    @Test
    void theExperimentOnTheClusterGivesTheAccuraciesOfTheExperimentOnProcesses() throws Exception {
        Path data = TinyRuns.writeIdxFolder(tmp.resolve("data"), 400, 100);
        // 2 members, 1 repeat, the monolithic model and the members 1 epoch each, classified at epoch 1
        ExperimentConfig config = new ExperimentConfig("mnist-small", data.toString(), 2, 1, 1, 1, 1, List.of(1), 2, true, true);

        List<ResultRow> onProcesses = byEpochOrProbe(run(config, data, "processes", Optional.empty()));
        SparkBackend spark = new SparkBackend(new SparkSettings(Map.of(SparkSettings.MASTER, "local-cluster[2,1,1024]",
                "spark.extraListeners", ClassifierJobs.class.getName())), 2);
        List<ResultRow> onTheCluster = byEpochOrProbe(run(config, data, "cluster", Optional.of(spark)));

        // the members' classifiers ran on the executors: at least each member at epoch 0 and at epoch 1
        assertThat(ClassifierJobs.STARTED.get()).isGreaterThanOrEqualTo(4);

        assertThat(onProcesses).extracting(r -> r.model() + "/" + r.method() + "@" + r.epoch()).contains("ensemble/single@1",
                "ensemble/stacked@1", "ensemble/soft-vote@1", "ensemble/hard-vote@1", "ensemble/single@0", "ensemble/soft-vote@0",
                "ensemble/hard-vote@0");
        assertThat(onProcesses).filteredOn(r -> r.model().equals(Experiment.ENSEMBLE) && r.epoch() == 1 && r.method() != Method.STACKED)
                .allSatisfy(r -> assertThat(r.accuracy()).isGreaterThan(0.3)); // chance is 0.1
        assertThat(onTheCluster).extracting(ResultRow::key).containsExactlyElementsOf(onProcesses.stream().map(ResultRow::key).toList());
        for (int i = 0; i < onProcesses.size(); i++) {
            ResultRow expected = onProcesses.get(i);
            ResultRow actual = onTheCluster.get(i);
            assertThat(actual.accuracy()).as(expected.key()).isEqualTo(expected.accuracy());
            assertThat(actual.diversity()).as(expected.key()).isEqualTo(expected.diversity());
        }
    }

    /** The experiment's results, its ensemble trained on {@code backend} (worker processes when empty). */
    private List<ResultRow> run(ExperimentConfig config, Path data, String name, Optional<SparkBackend> backend) {
        ExperimentLayout layout = new ExperimentLayout(tmp.resolve(name));
        layout.writeConfig(config);
        // one core: the monolithic model trains in this JVM, whose engine runs one intra-op thread
        Experiment experiment = new Experiment(layout, config, 1, s -> { }, EnsembleListener.NONE, seed -> TinyRuns.idx(data, 300, 100, seed));
        (backend.isPresent() ? experiment.withEnsembleBackend(backend.get()) : experiment).run();
        return layout.readResults();
    }

    /** Counts the Spark jobs that compute a member's classifiers ({@link ExecutorClassifiers}), by their description. */
    public static final class ClassifierJobs extends SparkListener {
        static final AtomicInteger STARTED = new AtomicInteger();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            String description = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
            if (description != null && description.startsWith("eagerae classifiers of member ")) {
                STARTED.incrementAndGet();
            }
        }
    }

    private static List<ResultRow> byEpochOrProbe(List<ResultRow> rows) {
        return rows.stream().filter(r -> r.selection() == Selection.EPOCH || r.selection() == Selection.AUTO).toList();
    }
}

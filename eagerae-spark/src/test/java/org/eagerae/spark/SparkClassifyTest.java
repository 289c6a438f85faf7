package org.eagerae.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eagerae.cli.EagerAeCli;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.classify.Method;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eagerae classify --backend spark} as a user runs it: on {@code local-cluster[2,1,1024]}, every method's test and
 * validation accuracy and every saved model's weights are those of {@code classify} in one process, bit for bit; a
 * backend that cannot classify, or settings that cannot run on the cluster, are refused with one line and exit 2
 * before anything is written.
 */
@Tag("spark")
class SparkClassifyTest {

    @TempDir
    static Path data;

    @TempDir
    static Path trained;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A three-member run trained inline, one epoch, which each test copies. */
    @BeforeAll
    static void trainRun() throws Exception {
        TinyRuns.writeIdxFolder(data, 400, 100);
        assertThat(EagerAeCli.run("train", "--dataset", "idx", "--images", data.toString(), "--train-size", "300", "--val-size", "100",
                "--members", "3", "--epochs", "1", "--threads", "1", "--backend", "inline", "--out", trained.resolve("run").toString()))
                .isZero();
    }

    private Path copyOfRun(String name) throws IOException {
        Path source = trained.resolve("run");
        Path target = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Files.copy(p, target.resolve(source.relativize(p).toString()));
            }
        }
        return target;
    }

    private int classify(Path run, String... options) {
        return classify("all,controls", run, options);
    }

    private int classify(String methods, Path run, String... options) {
        List<String> args = new ArrayList<>(List.of("classify", "--run", run.toString(), "--method", methods, "--heads", "2",
                "--hidden", "16", "--max-epochs", "4", "--batch-size", "50"));
        args.addAll(List.of(options));
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return EagerAeCli.run(args.toArray(String[]::new));
        } finally {
            System.setErr(old);
        }
    }

    /** Every saved model's weights file, by model name. */
    private static Map<String, byte[]> weights(Path run) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        if (!Files.isDirectory(RunDirectory.open(run).modelsDir())) {
            return out;
        }
        try (Stream<Path> files = Files.walk(RunDirectory.open(run).modelsDir())) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).toList()) {
                out.put(RunDirectory.open(run).modelsDir().relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void everyMethodOnTheClusterGivesTheAccuraciesAndSavedWeightsOfOneMachine() throws Exception {
        Path here = copyOfRun("here");
        Path cluster = copyOfRun("cluster");

        assertThat(classify(here)).isZero();
        assertThat(classify(cluster, "--backend", "spark", "--spark-master", "local-cluster[2,1,1024]")).as(err.toString()).isZero();

        List<ClassificationResult> expected = ClassifyFile.read(RunDirectory.open(here));
        List<ClassificationResult> actual = ClassifyFile.read(RunDirectory.open(cluster));
        assertThat(expected).extracting(ClassificationResult::method).contains(Method.SINGLE, Method.STACKED, Method.SOFT_VOTE,
                Method.HARD_VOTE, Method.RAW_PIXELS, Method.HEAD_VOTE, Method.RAW_PIXELS_VOTE);
        assertSameResults(actual, expected);
        assertThat(expected).filteredOn(r -> r.method() == Method.STACKED).singleElement()
                .satisfies(r -> assertThat(r.accuracy()).isGreaterThan(0.3)); // chance is 0.1
        Map<String, byte[]> onOneMachine = weights(here);
        Map<String, byte[]> onTheCluster = weights(cluster);
        assertThat(onOneMachine).hasSizeGreaterThanOrEqualTo(3 + 1 + 1 + 2);
        assertThat(onTheCluster.keySet()).containsExactlyElementsOf(onOneMachine.keySet());
        onOneMachine.forEach((name, bytes) -> assertThat(onTheCluster.get(name)).as(name).isEqualTo(bytes));
    }

    /** The results of the cluster equal those of one machine, in order: what was classified, how, and every number. */
    private static void assertSameResults(List<ClassificationResult> actual, List<ClassificationResult> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            ClassificationResult e = expected.get(i);
            ClassificationResult a = actual.get(i);
            String method = e.method().label() + " " + e.memberEpochs();
            assertThat(a.method()).isEqualTo(e.method());
            assertThat(a.selection()).as(method).isEqualTo(e.selection());
            assertThat(a.memberEpochs()).as(method).isEqualTo(e.memberEpochs());
            assertThat(a.accuracy()).as(method).isEqualTo(e.accuracy());
            assertThat(a.validationAccuracy()).as(method).isEqualTo(e.validationAccuracy());
            assertThat(a.memberAccuracies()).as(method).isEqualTo(e.memberAccuracies());
            assertThat(a.confusion()).as(method).isEqualTo(e.confusion());
            assertThat(a.models()).as(method).isEqualTo(e.models());
        }
    }

    @Test
    void theBestEpochOnTheClusterIsTheBestEpochOfOneMachineWithItsAccuracies() throws Exception {
        Path here = copyOfRun("best-here");
        Path cluster = copyOfRun("best-cluster");
        String methods = "single,stacked,soft-vote";

        assertThat(classify(methods, here, "--epoch", "best")).isZero();
        assertThat(classify(methods, cluster, "--epoch", "best", "--backend", "spark", "--spark-master", "local-cluster[2,1,1024]"))
                .as(err.toString()).isZero();

        List<ClassificationResult> expected = ClassifyFile.read(RunDirectory.open(here));
        List<ClassificationResult> actual = ClassifyFile.read(RunDirectory.open(cluster));
        // the untrained encoders (epoch 0) and epoch 1 tried, each method's best kept
        assertThat(expected).anyMatch(r -> r.selection() instanceof CheckpointSelection.BestOnValidation);
        assertSameResults(actual, expected);
        Map<String, byte[]> onOneMachine = weights(here);
        Map<String, byte[]> onTheCluster = weights(cluster);
        assertThat(onTheCluster.keySet()).containsExactlyElementsOf(onOneMachine.keySet());
        onOneMachine.forEach((name, bytes) -> assertThat(onTheCluster.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void aBackendOrSettingsThatCannotClassifyOnTheClusterAreRefusedWithOneLineBeforeAnythingIsWritten() throws Exception {
        Path run = copyOfRun("refused");
        String[][] refused = {
            {"--backend", "bogus"},
            {"--backend", "processes"},
            {"--spark-master", "local-cluster[2,1,1024]"},
            {"--backend", "spark", "--spark-master", "local-cluster[2,1,1024]", "--pca", "0"},
        };
        for (String[] options : refused) {
            err.reset();
            String why = String.join(" ", options);
            assertThat(classify(run, options)).as(why).isEqualTo(EagerAeCli.BAD_INPUT);
            assertThat(err.toString(StandardCharsets.UTF_8).strip()).as(why).startsWith("eagerae: error: ").doesNotContain("\n");
        }
        assertThat(RunDirectory.open(run).classifyFile()).doesNotExist();
        assertThat(weights(run)).isEmpty();
    }
}

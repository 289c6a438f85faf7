package org.eagerae.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.cli.EagerAeCli;
import org.eagerae.run.MemberState;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eagerae train --backend spark} as a user runs it: settings that would put two members in
 * one JVM, or give members another thread count than the run's, are refused with exit 2 before
 * anything is written; on {@code local-cluster[2,1,1024]}, a member that throws fails alone and
 * the command exits 1, and the run then resumes on another backend with the numbers of an
 * uninterrupted run.
 */
@Tag("spark")
class SparkCliTest {

    @TempDir
    static Path data;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeData() throws Exception {
        TinyRuns.writeIdxFolder(data, 300, 50);
    }

    @AfterAll
    static void disarm() {
        System.clearProperty(ExecutorFault.PROPERTY);
    }

    private int train(Path out, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "idx", "--images", data.toString(), "--train-size", "200",
                "--val-size", "100", "--members", "3", "--epochs", "2", "--out", out.toString(), "--backend", "spark"));
        args.addAll(List.of(options));
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return EagerAeCli.run(args.toArray(String[]::new));
        } finally {
            System.setErr(old);
        }
    }

    private String errorLine() {
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void settingsThatBreakOneMemberPerJvmOrTheThreadCountAreRefusedBeforeAnythingIsWritten() {
        String[][] refused = {
            {"--spark-master", "local[2]"},
            {"--spark-master", "local[*]"},
            {"--spark-master", "local-cluster[2,1,1024]", "--spark-conf", "spark.task.cpus=2"},
            {"--spark-master", "spark://127.0.0.1:7077", "--spark-conf", "spark.task.cpus=1", "--spark-conf", "spark.executor.cores=2"},
            {"--spark-master", "local-cluster[2,1,1024]", "--threads", "2"},
            {"--spark-master", "local-cluster[2,1,1024]", "--spark-conf", "spark.speculation=true"},
            {},
        };
        for (String[] options : refused) {
            err.reset();
            Path out = tmp.resolve("refused-" + String.join("-", options).replaceAll("[^a-z0-9]", ""));
            assertThat(train(out, options)).as(String.join(" ", options)).isEqualTo(EagerAeCli.BAD_INPUT);
            assertThat(errorLine()).as(String.join(" ", options)).startsWith("eagerae: error: ").doesNotContain("\n");
            assertThat(out).as("nothing written for " + String.join(" ", options)).doesNotExist();
        }
        // the library names Spark's settings (spark.master, spark.speculation); the command line says which flag gave them
        String[][] said = {
            {"--spark-master local[2] runs several members in one JVM", "--spark-master", "local[2]"},
            {"--spark-conf spark.speculation=true would train a member twice", "--spark-master", "local-cluster[2,1,1024]",
                "--spark-conf", "spark.speculation=true"},
            {"start a new run with --threads 1, the cores of each executor of --spark-master local-cluster[2,1,1024]",
                "--spark-master", "local-cluster[2,1,1024]", "--threads", "2"},
            {"the spark backend needs --spark-master, the cluster's URL"},
        };
        for (String[] expected : said) {
            err.reset();
            String[] options = java.util.Arrays.copyOfRange(expected, 1, expected.length);
            assertThat(train(tmp.resolve("said"), options)).isEqualTo(EagerAeCli.BAD_INPUT);
            assertThat(errorLine()).as(String.join(" ", options)).contains(expected[0]);
        }
        err.reset();
        assertThat(EagerAeCli.run("train", "--dataset", "idx", "--images", data.toString(), "--train-size", "200", "--val-size", "100",
                "--backend", "processes", "--spark-master", "local[1]", "--out", tmp.resolve("p").toString())).isEqualTo(EagerAeCli.BAD_INPUT);
        assertThat(tmp.resolve("p")).doesNotExist();
    }

    @Test
    void aMemberThatThrowsFailsAloneAndTheCommandExitsOne() {
        System.setProperty(ExecutorFault.PROPERTY, "throw:1:1");
        Path out = tmp.resolve("run");

        assertThat(train(out, "--spark-master", "local-cluster[2,1,1024]")).isEqualTo(1);

        RunManifest manifest = RunDirectory.open(out).readManifest();
        assertThat(manifest.members()).extracting(MemberStatus::state)
                .containsExactly(MemberState.FINISHED, MemberState.FAILED, MemberState.FINISHED);
        assertThat(manifest.members().get(1).error()).contains("test fault");
        assertThat(manifest.members().get(1).epochs()).isEqualTo(0);
        assertThat(manifest.members().get(0).epochs()).isEqualTo(2);
        assertThat(manifest.spec().threads()).isEqualTo(1);
        assertThat(manifest.invocations()).singleElement().satisfies(i -> {
            assertThat(i.execution().backend()).isEqualTo(SparkBackend.NAME);
            assertThat(i.execution().properties()).containsEntry("spark.master", "local-cluster[2,1,1024]");
        });

        // the run resumes on another backend (the fault is armed in executors only) with the numbers of a run that never failed
        assertThat(EagerAeCli.run("train", "--resume", "--out", out.toString(), "--backend", "inline")).isZero();
        Path fresh = tmp.resolve("fresh");
        assertThat(EagerAeCli.run("train", "--dataset", "idx", "--images", data.toString(), "--train-size", "200", "--val-size", "100",
                "--members", "3", "--epochs", "2", "--threads", "1", "--backend", "inline", "--out", fresh.toString())).isZero();
        assertThat(SparkBackendTest.lossesOf(out)).hasSize(6).containsExactlyElementsOf(SparkBackendTest.lossesOf(fresh));
        assertThat(RunDirectory.open(out).readManifest().invocations()).extracting(i -> i.execution().backend().value())
                .containsExactly("spark", "inline");
    }

    @Test
    void aThreeStageRunOnPaddedImagesGivesInlineNumbersOnSpark() throws Exception {
        Path idx30 = TinyRuns.writeIdxFolder(tmp.resolve("idx30"), 300, 20, 30);
        List<String> args = List.of("train", "--dataset", "idx", "--images", idx30.toString(), "--train-size", "200", "--val-size", "100",
                "--members", "2", "--epochs", "2", "--filters", "8,8,8", "--kernel", "3", "--threads", "1");
        Path onSpark = tmp.resolve("spark");
        Path inline = tmp.resolve("inline");
        List<String> spark = new ArrayList<>(args);
        spark.addAll(List.of("--backend", "spark", "--spark-master", "local-cluster[2,1,1024]", "--out", onSpark.toString()));
        assertThat(EagerAeCli.run(spark.toArray(String[]::new))).isZero();
        List<String> local = new ArrayList<>(args);
        local.addAll(List.of("--backend", "inline", "--out", inline.toString()));
        assertThat(EagerAeCli.run(local.toArray(String[]::new))).isZero();
        assertThat(RunDirectory.open(onSpark).readManifest().spec().model().filters()).containsExactly(8, 8, 8);
        assertThat(SparkBackendTest.lossesOf(onSpark)).hasSize(4).containsExactlyElementsOf(SparkBackendTest.lossesOf(inline));
    }
}

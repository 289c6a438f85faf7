package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.testing.IdxFiles;
import org.eagerae.testing.TinyRuns;
import org.eagerae.train.Checkpoint;
import org.eagerae.train.EpochRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on IDX files written here: exit codes, messages, run folders. */
class CliTest {

    @TempDir
    static Path data;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeData() throws Exception {
        TinyRuns.writeIdxFolder(data, 400, 50);
    }

    private int run(String... args) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return EagerAeCli.run(args);
        } finally {
            System.setErr(old);
        }
    }

    /** What {@code action} prints on standard output. */
    private static String stdout(Runnable action) {
        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(old);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private List<String> train(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--dataset", "idx", "--images", data.toString(),
                "--train-size", "200", "--val-size", "100", "--seed", "3", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void versionAndHelpExitZero() {
        assertThat(run("--version")).isZero();
        assertThat(run("train", "--help")).isZero();
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run("train", "--no-such-option")).isEqualTo(2);
        assertThat(run("train", "--members", "many")).isEqualTo(2);
    }

    @Test
    void trainsWritesTheRunFolderAndRefusesToOverwriteIt() throws Exception {
        Path out = tmp.resolve("run");
        assertThat(run(train(out, "--epochs", "2").toArray(String[]::new))).isZero();
        RunDirectory dir = RunDirectory.open(out);
        assertThat(dir.readMetrics()).hasSize(2);
        assertThat(dir.checkpoint(0, 2)).isRegularFile();
        assertThat(out.resolve("figures/reconstructions-m00.png")).isRegularFile();
        String before = Files.readString(out.resolve("metrics.csv"));

        err.reset();
        assertThat(run(train(out, "--epochs", "2").toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not empty").hasLineCount(1);
        assertThat(Files.readString(out.resolve("metrics.csv"))).isEqualTo(before);
    }

    /**
     * Autoencoders on unlabelled PNGs too, classifiers on three labels per class: run.json records the images, classify.json and
     * the models the budget, and the same seed gives the same numbers.
     */
    @Test
    void trainsOnUnlabelledImagesAndClassifiesOnALabelBudget() throws Exception {
        Path png = org.eagerae.testing.PngFiles.writeInOrder(tmp.resolve("unlabelled"), org.eagerae.testing.TinyImages.bars(40, 1, 28, 10, 7));
        Path out = tmp.resolve("run");
        String printed = stdout(() -> assertThat(run(train(out, "--epochs", "1", "--batch-size", "50", "--unlabelled", png.toString(), "--members", "2",
                "--backend", "processes", "--workers", "2", "--threads", "1")
                .toArray(String[]::new))).as("stderr: %s", err).isZero());
        assertThat(printed).contains("autoencoders also on 40 unlabelled images (36 train / 4 val) from " + png);
        assertThat(RunDirectory.open(out).readManifest().spec().unlabelled().images()).isEqualTo(40);
        String[] classify = {"classify", "--run", out.toString(), "--method", "raw-pixels", "--classifier", "logistic", "--max-epochs", "3",
            "--labels-per-class", "3", "--threads", "1"};
        assertThat(run(classify)).as("stderr: %s", err).isZero();
        assertThat(run(classify)).isZero();
        List<org.eagerae.classify.ClassificationResult> results = org.eagerae.classify.ClassifyFile.read(RunDirectory.open(out));
        assertThat(results).hasSize(2);
        assertThat(results.get(0).classifier().labelsPerClass()).isEqualTo(3);
        assertThat(results.get(1).accuracy()).isEqualTo(results.get(0).accuracy());
        assertThat(results.get(0).models().get(0)).contains("-labels3");
        int labelledTrain = RunDirectory.open(out).readManifest().spec().data().load().train().size();
        assertThat(results.get(0).unsupervisedImages()).as("the training split and the 36 unlabelled training images")
                .isEqualTo(labelledTrain + 36);

        // a budget in all: 25 labels shared among the classes in their proportions, recorded as such
        String[] inAll = {"classify", "--run", out.toString(), "--method", "raw-pixels", "--classifier", "logistic", "--max-epochs", "3",
            "--labels-in-all", "25", "--threads", "1"};
        assertThat(run(inAll)).as("stderr: %s", err).isZero();
        org.eagerae.classify.ClassificationResult total = org.eagerae.classify.ClassifyFile.read(RunDirectory.open(out)).get(2);
        assertThat(total.classifier().labelsInAll()).isEqualTo(25);
        assertThat(total.classifier().labelsPerClass()).isZero();
        assertThat(total.models().get(0)).contains("-labels25-in-all");

        // the unlabelled images gone: one line naming them, exit 2, classify.json as it was
        byte[] before = Files.readAllBytes(out.resolve("classify.json"));
        for (String[] bad : List.of(new String[] {"--labels-in-all", "5"}, new String[] {"--labels-in-all", "20", "--labels-per-class", "3"})) {
            err.reset();
            List<String> args = new java.util.ArrayList<>(List.of(inAll).subList(0, 9));
            args.addAll(List.of(bad));
            assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("eagerae: error: " + (bad.length == 2
                    ? "--labels-in-all 5 is fewer than 2 per class: the 10 classes need at least 20 (one training and one validation label each)"
                    : "--labels-per-class (3) and --labels-in-all (20) are two label budgets; set one") + "\n");
        }
        assertThat(Files.readAllBytes(out.resolve("classify.json"))).isEqualTo(before);
        Files.move(png, tmp.resolve("moved"));
        err.reset();
        assertThat(run(classify)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("eagerae: error: " + png + ": no such file or folder\n");
        assertThat(Files.readAllBytes(out.resolve("classify.json"))).isEqualTo(before);
    }

    @Test
    void moreThreadsThanCoresTrainWithOneWarningLine() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Path out = tmp.resolve("run");
        String engineThreads = System.getProperty("ai.djl.pytorch.num_threads"); // train sets this JVM's: restored for the other tests
        try { // in a worker process, whose engine starts with the run's threads (this JVM's has started)
            assertThat(run(train(out, "--epochs", "1", "--backend", "processes", "--threads", String.valueOf(cores + 1))
                    .toArray(String[]::new))).as("exit code; stderr: %s", err).isZero();
        } finally {
            if (engineThreads == null) {
                System.clearProperty("ai.djl.pytorch.num_threads");
            } else {
                System.setProperty("ai.djl.pytorch.num_threads", engineThreads);
            }
        }
        // the engine's own start-up lines aside (when this test is the first to start it), the one line eagerae says
        assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("eagerae:")))
                .containsExactly("eagerae: warning: " + (cores + 1) + " threads on " + cores
                        + " processor(s): more threads than processors run slower, not faster");
        assertThat(RunDirectory.open(out).readManifest().spec().threads()).isEqualTo(cores + 1);
    }

    @Test
    void resumeAfterAnInterruptionGivesTheLossesOfAnUninterruptedRun() throws Exception {
        Path whole = tmp.resolve("whole");
        Path cut = tmp.resolve("cut");
        assertThat(run(train(whole, "--epochs", "3", "--stop", "none").toArray(String[]::new))).isZero();
        assertThat(run(train(cut, "--epochs", "3", "--stop", "none").toArray(String[]::new))).isZero();
        // make "cut" look like a run killed during epoch 3: no checkpoint 3, member not finished
        RunDirectory dir = RunDirectory.open(cut);
        Files.delete(dir.checkpoint(0, 3));
        RunManifest m = dir.readManifest();
        dir.writeManifest(new RunManifest(m.spec(), List.of(org.eagerae.run.MemberStatus.pending(m.spec().jobs().get(0))),
                m.environment(), m.invocations(), m.startedAt(), null, 0));
        assertThat(run("train", "--resume", "--out", cut.toString())).isZero();
        List<EpochRecord> a = RunDirectory.open(whole).readMetrics();
        List<EpochRecord> b = RunDirectory.open(cut).readMetrics();
        assertThat(b).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(b.get(i).trainLoss()).isEqualTo(a.get(i).trainLoss());
            assertThat(b.get(i).valLoss()).isEqualTo(a.get(i).valLoss());
        }
        assertThat(Checkpoint.read(dir.checkpoint(0, 3)).weights().get(0))
                .containsExactly(Checkpoint.read(RunDirectory.open(whole).checkpoint(0, 3)).weights().get(0));
    }

    @Test
    void badDataExitsTwoWithOneLineAndWritesNothing() throws Exception {
        Path bad = TinyRuns.writeIdxFolder(tmp.resolve("bad"), 20, 5);
        IdxFiles.setMagic(bad.resolve("train-images-idx3-ubyte"), 2052);
        Path out = tmp.resolve("never");
        int code = run("train", "--dataset", "idx", "--images", bad.toString(), "--train-size", "10", "--val-size", "5",
                "--out", out.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("wrong magic number 2052, expected 2051").hasLineCount(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void aSubsetLargerThanTheDataExitsTwo() {
        Path out = tmp.resolve("never");
        int code = run("train", "--dataset", "idx", "--images", data.toString(), "--train-size", "390", "--val-size", "100",
                "--out", out.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("asked for 390 training + 100 validation images");
        assertThat(out).doesNotExist();
    }

    @Test
    void idxImagesOfAnotherSizeTrainAModelOfThatSize() throws Exception {
        Path idx32 = TinyRuns.writeIdxFolder(tmp.resolve("idx32"), 120, 20, 32);
        Path out = tmp.resolve("run32");
        assertThat(run("train", "--dataset", "idx", "--images", idx32.toString(), "--train-size", "80", "--val-size", "40",
                "--epochs", "1", "--backend", "inline", "--out", out.toString())).as("stderr: %s", err).isZero();
        RunManifest manifest = RunDirectory.open(out).readManifest();
        assertThat(manifest.spec().model().height()).isEqualTo(32);
        assertThat(manifest.spec().model().width()).isEqualTo(32);
        assertThat(RunDirectory.open(out).readMetrics()).hasSize(1).allSatisfy(r -> assertThat(r.valLoss()).isFinite().isPositive());
    }

    @Test
    void checkpointsCommandPicksByBudget() throws Exception {
        Path out = tmp.resolve("budget");
        assertThat(run(train(out, "--members", "2", "--epochs", "2", "--backend", "inline").toArray(String[]::new))).isZero();
        assertThat(run("checkpoints", "--run", out.toString(), "--budget", "1000")).isZero();
        String lines = stdout(() -> assertThat(run("checkpoints", "--run", out.toString(), "--budget", "0.000001", "--format", "csv")).isZero());
        assertThat(lines).as("a budget shorter than every first epoch: the initial weights").contains("0,0,").contains("1,0,")
                .contains("epoch-000.params");
        List<String> table = stdout(() -> assertThat(run("checkpoints", "--run", out.toString(), "--budget", "1000")).isZero()).lines().toList();
        assertThat(table).hasSize(3);
        assertThat(table.get(0)).matches("member  epoch  elapsed s  val loss  checkpoint");
        assertThat(table.get(2)).matches("     1      2 +\\d+\\.\\d{3}  0\\.\\d{6}  .*epoch-002\\.params")
                .hasSize(table.get(1).length()); // same path lengths, so the same width
        String json = stdout(() -> assertThat(run("checkpoints", "--run", out.toString(), "--budget", "0.000001", "--format", "json")).isZero());
        com.fasterxml.jackson.databind.JsonNode choices = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(choices).hasSize(2);
        assertThat(choices.get(1).get("member").asInt()).isEqualTo(1);
        assertThat(choices.get(1).get("epoch").asInt()).isZero();
        assertThat(choices.get(1).get("valLoss").isNull()).as("epoch 0 was never validated").isTrue();
        assertThat(choices.get(1).get("checkpoint").asText()).endsWith("epoch-000.params");
        err.reset();
        assertThat(run("checkpoints", "--run", out.toString(), "--budget", "1", "--format", "xml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("eagerae: error: unknown --format 'xml'; use table, csv or json\n");
        for (int k = 0; k < 2; k++) {
            Files.delete(RunDirectory.open(out).checkpoint(k, 0)); // as a run trained before epoch 0 was kept
        }
        err.reset();
        assertThat(run("checkpoints", "--run", out.toString(), "--budget", "0.000001")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("shorter than member 0's first epoch").contains("no epoch-0 checkpoint");
    }
}

package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.classify.Method;
import org.eagerae.io.Npy;
import org.eagerae.model.CaeSpec;
import org.eagerae.models.ModelStore;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.testing.TinyImages;
import org.eagerae.testing.TinyRuns;
import org.eagerae.train.EpochRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers chosen on the command line and images of sides the pooling does not divide: a three-stage run on
 * 30x30 images (padded to 32x32) trains, classifies, predicts, gives its features, exports and resumes with
 * its own layers; 3x27x33 images train and classify with the preset's layers.
 */
class ArchitectureCliTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream old = System.err;
        PrintStream oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return EagerAeCli.run(args);
        } finally {
            System.setErr(old);
            System.setOut(oldOut);
        }
    }

    private String[] train(Path data, Path out) {
        return new String[] {"train", "--dataset", "idx", "--images", data.toString(), "--train-size", "200", "--val-size", "100",
            "--filters", "8,8,8", "--kernel", "3", "--pool", "2", "--members", "2", "--epochs", "3", "--stop", "none", "--batch-size", "20",
            "--backend", "inline", "--threads", "1", "--out", out.toString()};
    }

    @Test
    void aThreeStageRunOnPaddedImagesTrainsClassifiesPredictsExportsAndResumes() throws Exception {
        Path data = TinyRuns.writeIdxFolder(tmp.resolve("data"), 300, 40, 30);
        Path whole = tmp.resolve("whole");
        assertThat(run(train(data, whole))).as("stderr: %s", err).isZero();
        CaeSpec model = RunDirectory.open(whole).readManifest().spec().model();
        assertThat(model).isEqualTo(new CaeSpec(1, 30, 30, List.of(8, 8, 8), 3, 2));
        assertThat(Files.readString(whole.resolve("run.json"))).contains("\"filters\" : [ 8, 8, 8 ]", "\"kernel\" : 3");
        List<EpochRecord> metrics = RunDirectory.open(whole).readMetrics();
        assertThat(metrics).hasSize(6);
        for (int m = 0; m < 2; m++) {
            int member = m;
            List<EpochRecord> own = metrics.stream().filter(r -> r.member() == member).toList();
            assertThat(own.get(2).valLoss()).as("member %d learns", m).isLessThan(own.get(0).valLoss());
        }
        assertThat(RunDirectory.open(whole).reconstructionFigure(0)).isRegularFile();

        assertThat(run("classify", "--run", whole.toString(), "--epoch", "3", "--method", "all", "--hidden", "32", "--pca", "0",
                "--max-epochs", "10", "--threads", "1")).as("stderr: %s", err).isZero();
        List<ClassificationResult> results = ClassifyFile.read(RunDirectory.open(whole));
        ClassificationResult vote = results.stream().filter(r -> r.method() == Method.SOFT_VOTE).findFirst().orElseThrow();
        assertThat(results).hasSize(5).allSatisfy(r -> assertThat(r.accuracy()).as(r.method().label()).isGreaterThan(0.6)); // chance is 0.1

        String name = vote.models().get(0);
        Path csv = tmp.resolve("p.csv");
        Path test = data.resolve("t10k-images-idx3-ubyte");
        assertThat(run("predict", "--run", whole.toString(), "--model", name, "--images", test.toString(), "--out", csv.toString()))
                .as("stderr: %s", err).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(41);
        int[] labels = TinyImages.bars(40, 1, 30, 10, 2).labels();
        int correct = 0;
        for (int i = 0; i < 40; i++) {
            correct += Integer.parseInt(lines.get(i + 1).split(",")[1]) == labels[i] ? 1 : 0;
        }
        assertThat(correct / 40.0).isEqualTo(ModelStore.of(RunDirectory.open(whole)).manifest(name).testAccuracy());

        Path npy = tmp.resolve("f.npy");
        assertThat(run("features", "--run", whole.toString(), "--epoch", "3", "--images", test.toString(), "--out", npy.toString()))
                .as("stderr: %s", err).isZero();
        assertThat(Npy.read(npy).shape()).containsExactly(40, 2 * 8 * 4 * 4);

        Path weights = tmp.resolve("vote.safetensors");
        assertThat(run("export", "--run", whole.toString(), "--model", name, "--out", weights.toString())).as("stderr: %s", err).isZero();
        assertThat(Files.readString(tmp.resolve("vote.json"))).contains("members.1.encoder.6.weight", "\"filters\" : [ 8, 8, 8 ]");
        if (org.eagerae.testing.PyTorchCheck.available()) { // the PyTorch check, where /usr/bin/python3 has torch (bench/setup-pytorch.sh)
            org.eagerae.testing.PyTorchCheck.Outcome check = org.eagerae.testing.PyTorchCheck.run(weights, test, csv);
            assertThat(check.exitCode()).as(check.output()).isZero();
            assertThat(check.output()).contains("\"agree\": true");
        }

        // heads on each filter's averaged map: stored with the classifiers, followed by predict, features and export
        assertThat(run("classify", "--run", whole.toString(), "--epoch", "3", "--method", "soft-vote", "--hidden", "32", "--pca", "0",
                "--max-epochs", "10", "--feature-pooling", "grid:2", "--threads", "1")).as("stderr: %s", err).isZero();
        ClassificationResult pooled = ClassifyFile.read(RunDirectory.open(whole)).stream()
                .filter(r -> r.classifier() != null && r.classifier().featurePooling().grid() == 2).findFirst().orElseThrow();
        assertThat(pooled.accuracy()).isGreaterThan(0.3);
        assertThat(Files.readString(whole.resolve("classify.json"))).contains("\"featurePooling\" : \"grid:2\"");
        String pooledName = pooled.models().get(0);
        assertThat(pooledName).endsWith("-grid2");
        Path pooledCsv = tmp.resolve("pooled.csv");
        assertThat(run("predict", "--run", whole.toString(), "--model", pooledName, "--images", test.toString(), "--out", pooledCsv.toString()))
                .as("stderr: %s", err).isZero();
        List<String> pooledLines = Files.readAllLines(pooledCsv);
        int pooledCorrect = 0;
        for (int i = 0; i < 40; i++) {
            pooledCorrect += Integer.parseInt(pooledLines.get(i + 1).split(",")[1]) == labels[i] ? 1 : 0;
        }
        assertThat(pooledCorrect / 40.0).isEqualTo(pooled.accuracy());
        Path pooledNpy = tmp.resolve("pooled.npy");
        assertThat(run("features", "--run", whole.toString(), "--model", pooledName, "--images", test.toString(), "--out", pooledNpy.toString()))
                .as("stderr: %s", err).isZero();
        assertThat(Npy.read(pooledNpy).shape()).containsExactly(40, 2 * 8 * 2 * 2);
        Path pooledWeights = tmp.resolve("pooled.safetensors");
        assertThat(run("export", "--run", whole.toString(), "--model", pooledName, "--out", pooledWeights.toString())).isZero();
        assertThat(Files.readString(tmp.resolve("pooled.json"))).contains("AdaptiveAvgPool2d(2)", "\"featurePooling\" : \"grid:2\"");
        if (org.eagerae.testing.PyTorchCheck.available()) {
            org.eagerae.testing.PyTorchCheck.Outcome check = org.eagerae.testing.PyTorchCheck.run(pooledWeights, test, pooledCsv);
            assertThat(check.exitCode()).as(check.output()).isZero();
            assertThat(check.output()).contains("\"agree\": true");
        }

        // a run cut during its last epoch resumes with its own layers, to the numbers of the whole run
        Path cut = tmp.resolve("cut");
        assertThat(run(train(data, cut))).isZero();
        RunDirectory dir = RunDirectory.open(cut);
        Files.delete(dir.checkpoint(1, 3));
        RunManifest m = dir.readManifest();
        dir.writeManifest(new RunManifest(m.spec(), List.of(m.members().get(0), MemberStatus.pending(m.spec().jobs().get(1))),
                m.environment(), m.invocations(), m.startedAt(), null, 0));
        assertThat(run("train", "--resume", "--out", cut.toString())).as("stderr: %s", err).isZero();
        assertThat(TinyRuns.losses(cut)).isEqualTo(TinyRuns.losses(whole));
    }

    @Test
    void imagesOf27x33TrainAndClassify() throws Exception {
        Path data = TinyRuns.writeNpyFolder(tmp.resolve("npy"), TinyImages.bars(260, 3, 27, 33, 10, 5));
        Path out = tmp.resolve("run");
        assertThat(run("train", "--dataset", "npy", "--images", data.toString(), "--train-size", "160", "--val-size", "60",
                "--epochs", "3", "--stop", "none", "--batch-size", "20", "--backend", "inline", "--threads", "1", "--out", out.toString()))
                .as("stderr: %s", err).isZero();
        CaeSpec model = RunDirectory.open(out).readManifest().spec().model();
        assertThat(model.describe()).isEqualTo("3x27x33 conv5 [16, 32] pool2 (padded to 28x36)");
        List<EpochRecord> metrics = RunDirectory.open(out).readMetrics();
        assertThat(metrics.get(2).valLoss()).isLessThan(metrics.get(0).valLoss());
        assertThat(RunDirectory.open(out).reconstructionFigure(0)).isRegularFile();
        assertThat(run("classify", "--run", out.toString(), "--epoch", "3", "--method", "single", "--hidden", "32", "--pca", "0",
                "--max-epochs", "10", "--threads", "1")).as("stderr: %s", err).isZero();
        ClassificationResult single = ClassifyFile.read(RunDirectory.open(out)).get(0);
        assertThat(single.accuracy()).as("10 classes, 40 test images").isGreaterThan(0.6);
    }
}

package org.eagerae.models;

import org.eagerae.run.CheckpointSelection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eagerae.InvalidInputException;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.classify.Method;
import org.eagerae.data.DataSource;
import org.eagerae.data.ImageDataset;
import org.eagerae.data.ImageSource;
import org.eagerae.run.RunDirectory;
import org.eagerae.predict.BatchPrediction;
import org.eagerae.predict.OutputFormat;
import org.eagerae.predict.PredictionTable;
import org.eagerae.predict.Progress;
import org.eagerae.testing.PngFiles;
import org.eagerae.testing.TinyRuns;
import org.eagerae.testing.Folders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run classified with every method and fine-tuned: every classifier saved, and every saved
 * model, applied to the test images written out as PNG files, repeats classify's predictions. Fine-tuning
 * runs in worker processes.
 */
@Tag("process")
class SavedModelTest {

    /** A small MLP that trains in seconds. */
    static final ClassifierOptions OPTIONS = ClassifierOptions.defaults(1).withHidden(32).withLearningRate(1e-3f)
            .withBatchSize(50).withMaxEpochs(6).withPatience(2).withLearningRateDrops(0);

    @TempDir
    static Path tmp;

    static RunDirectory run;
    static ImageDataset test;
    static Path pngs;
    static List<ClassificationResult> results;

    @BeforeAll
    static void classifyATinyRun() throws Exception {
        DataSource source = TinyRuns.barsInIdx(tmp.resolve("data"), 200, 60, 48);
        run = TinyRuns.trainInline(tmp.resolve("run"), source, 2, 1);
        Set<Method> methods = new java.util.HashSet<>(Method.FROZEN);
        methods.addAll(Method.SEMI_SUPERVISED);
        results = ModelTraining.classify(run, new CheckpointSelection.Epoch(1), methods, OPTIONS, true);
        test = source.load().test();
        pngs = PngFiles.writeInOrder(tmp.resolve("png"), test);
    }

    @Test
    void everyClassifierIsSavedUnderANameThatSaysWhatItIs() {
        assertThat(ModelStore.of(run).names()).containsExactlyInAnyOrder(
                "single-m00-epoch-001-mlp32", "single-m01-epoch-001-mlp32", "stacked-epoch-001-mlp32", "soft-vote-epoch-001-mlp32",
                "hard-vote-epoch-001-mlp32", "raw-pixels-mlp32", "fine-tune-m00-epoch-001-mlp32", "fine-tune-m01-epoch-001-mlp32",
                "fine-tune-vote-epoch-001-mlp32", "spread-m00-epoch-001-mlp32", "spread-m01-epoch-001-mlp32", "spread-vote-epoch-001-mlp32",
                "raw-pixels-spread-mlp32");
        Map<Method, List<String>> named = results.stream().collect(Collectors.toMap(ClassificationResult::method, ClassificationResult::models));
        assertThat(named.get(Method.SINGLE)).containsExactly("single-m00-epoch-001-mlp32", "single-m01-epoch-001-mlp32");
        assertThat(named.get(Method.SOFT_VOTE)).containsExactly("soft-vote-epoch-001-mlp32");
        assertThat(ClassifyFile.read(run).subList(0, results.size())).extracting(ClassificationResult::models)
                .containsExactlyElementsOf(results.stream().map(ClassificationResult::models).toList());

        ModelManifest vote = ModelStore.of(run).manifest("soft-vote-epoch-001-mlp32");
        assertThat(vote.parts()).containsExactly("single-m00-epoch-001-mlp32", "single-m01-epoch-001-mlp32");
        assertThat(vote.checkpoints()).extracting(ModelManifest.Source::path).containsExactly("members/m00/epoch-001.params",
                "members/m01/epoch-001.params");
        assertThat(vote.checkpoints()).allSatisfy(c -> assertThat(c.sha256()).hasSize(64));
        assertThat(vote.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(vote.input().shape()).isEqualTo("1x28x28");
        assertThat(vote.testImages()).isEqualTo(48);
        assertThat(vote.environment()).containsKey("eagerae");
        assertThat(ClassifyFile.read(run)).allSatisfy(r -> assertThat(r.classifier()).isIn(OPTIONS, OPTIONS.forFineTuning()));
    }

    @Test
    void rawPixelsIsSavedAsAModelOfNoCheckpointAndItsResultSaysSo() {
        ClassificationResult result = results.stream().filter(r -> r.method() == Method.RAW_PIXELS).findFirst().orElseThrow();
        assertThat(result.selection()).isEqualTo(new CheckpointSelection.None());
        assertThat(result.memberEpochs()).isEmpty();
        assertThat(result.models()).containsExactly("raw-pixels-mlp32");
        assertThat(result.classifier()).isEqualTo(OPTIONS);
        // classify.json reads back what was written, the settings and seed included
        assertThat(ClassifyFile.read(run)).contains(result);
        ModelManifest pixels = ModelStore.of(run).manifest("raw-pixels-mlp32");
        assertThat(pixels.method()).isEqualTo(Method.RAW_PIXELS);
        assertThat(pixels.selection()).isEqualTo(new CheckpointSelection.None());
        assertThat(pixels.checkpoints()).isEmpty();
        assertThat(pixels.parts()).isEmpty();
        assertThat(pixels.classifier()).isEqualTo(OPTIONS);
        assertThat(pixels.headInputs()).isEqualTo(784);
        assertThat(pixels.testAccuracy()).isEqualTo(result.accuracy());
        assertThat(Parallelism.forModel(pixels, 4, 8)).isEqualTo(new Parallelism(1, 4));
        // its embedding is the pixels themselves
        try (SavedModel model = SavedModel.load(run, "raw-pixels-mlp32")) {
            float[] images = ImageSource.open(pngs, 1, 28, 28).read(0, 3);
            assertThat(model.embeddingSize()).isEqualTo(784);
            assertThat(model.embed(images).values()).containsExactly(images);
        }
    }

    @Test
    void everySavedModelRepeatsClassifyOnPngsOfTheTestImages() throws Exception {
        Map<String, Double> reported = reportedAccuracies();
        ImageSource fromPngs = ImageSource.open(pngs, 1, 28, 28);
        ImageSource fromIdx = ImageSource.open(tmp.resolve("data/t10k-images-idx3-ubyte"), 1, 28, 28);
        assertThat(reported).hasSize(13);
        for (String name : reported.keySet()) {
            try (SavedModel model = SavedModel.load(run, name)) {
                Predictions fromFiles = model.predict(fromPngs.read(0, fromPngs.size()));
                Predictions fromFile = model.predict(fromIdx.read(0, fromIdx.size()));
                assertThat(fromFiles.probabilities()).as(name).containsExactly(fromFile.probabilities());
                int correct = 0;
                for (int i = 0; i < test.size(); i++) {
                    correct += fromFiles.classes()[i] == test.labels()[i] ? 1 : 0;
                }
                double accuracy = (double) correct / test.size();
                assertThat(accuracy).as(name).isEqualTo(model.manifest().testAccuracy()).isEqualTo(reported.get(name));
                assertThat(accuracy).as(name).isGreaterThan(0.3); // chance is 0.1
            }
        }
    }

    /** Each model's accuracy as classify.json reports it (per-member methods: each member's). */
    private Map<String, Double> reportedAccuracies() {
        Map<String, Double> out = new java.util.HashMap<>();
        for (ClassificationResult r : results) {
            for (int k = 0; k < r.models().size(); k++) {
                out.put(r.models().get(k), r.memberAccuracies().isEmpty() ? r.accuracy() : r.memberAccuracies().get(k));
            }
        }
        return out;
    }

    @Test
    void theCommandLinesWayWritesOneRowPerImageWithTheSamePredictions() throws Exception {
        String name = "soft-vote-epoch-001-mlp32";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SavedModel model = SavedModel.load(run, name)) {
            ImageSource source = ImageSource.open(pngs, 1, 28, 28);
            BatchPrediction.run(model, source, new PredictionTable(OutputFormat.CSV, model.manifest().classes(), 0), out, Progress.NONE);
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(test.size() + 1);
            assertThat(lines.get(0)).isEqualTo("image,predicted,0,1,2,3,4,5,6,7,8,9");
            Predictions direct = model.predict(source.read(0, source.size()));
            for (int i = 0; i < test.size(); i++) {
                String[] f = lines.get(i + 1).split(",");
                assertThat(f[0]).isEqualTo(String.format("%05d.png", i));
                assertThat(Integer.parseInt(f[1])).isEqualTo(direct.classes()[i]);
                for (int c = 0; c < 10; c++) {
                    assertThat(Float.parseFloat(f[2 + c])).isEqualTo(direct.row(i)[c]);
                }
            }
        }
    }

    @Test
    void membersComputedSideBySideGiveTheSameNumbers() {
        float[] pixels = ImageSource.open(pngs, 1, 28, 28).read(0, test.size());
        for (String name : List.of("soft-vote-epoch-001-mlp32", "hard-vote-epoch-001-mlp32", "stacked-epoch-001-mlp32",
                "fine-tune-vote-epoch-001-mlp32")) {
            try (SavedModel one = SavedModel.load(run, name); SavedModel side = SavedModel.load(run, name, 2)) {
                assertThat(side.predict(pixels).probabilities()).as(name).containsExactly(one.predict(pixels).probabilities());
                assertThat(side.embed(pixels).values()).as(name).containsExactly(one.embed(pixels).values());
            }
        }
        ModelManifest vote = ModelStore.of(run).manifest("soft-vote-epoch-001-mlp32");
        assertThat(Parallelism.forModel(vote, 2, 8)).isEqualTo(new Parallelism(2, 1));
        assertThat(Parallelism.forModel(vote, 8, 8)).isEqualTo(new Parallelism(2, 4));
        assertThat(Parallelism.forModel(ModelStore.of(run).manifest("fine-tune-m00-epoch-001-mlp32"), 2, 8)).isEqualTo(new Parallelism(1, 2));
        assertThatThrownBy(() -> Parallelism.forModel(vote, 33, 8)).isInstanceOf(org.eagerae.InvalidSettingException.class)
                .hasMessage("threads must be at most 32 (4 x the 8 processor(s) it runs on), got 33");
        assertThatThrownBy(() -> Parallelism.forModel(vote, 0, 8)).isInstanceOf(org.eagerae.InvalidSettingException.class)
                .hasMessage("threads must be >= 1, got 0");
    }

    @Test
    void embeddingsAreTheEncodersActivationsSideBySide() {
        try (SavedModel single = SavedModel.load(run, "single-m00-epoch-001-mlp32");
                SavedModel vote = SavedModel.load(run, "soft-vote-epoch-001-mlp32")) {
            float[] pixels = ImageSource.open(pngs, 1, 28, 28).read(0, 3);
            int d = single.embeddingSize();
            assertThat(vote.embeddingSize()).isEqualTo(2 * d);
            float[] one = single.embed(pixels).values();
            float[] both = vote.embed(pixels).values();
            for (int i = 0; i < 3; i++) {
                assertThat(java.util.Arrays.copyOfRange(both, i * 2 * d, i * 2 * d + d)).containsExactly(
                        java.util.Arrays.copyOfRange(one, i * d, (i + 1) * d));
            }
        }
    }

    @Test
    void classifyingAgainWithTheSameSettingsAddsModelsWithANumberAndKeepsTheOld() throws Exception {
        Path manifest = run.modelsDir().resolve("stacked-epoch-001-mlp32/model.json");
        byte[] before = Files.readAllBytes(manifest);
        List<ClassificationResult> again = ModelTraining.classify(run, new CheckpointSelection.Epoch(1), Set.of(Method.STACKED),
                OPTIONS, false);
        assertThat(again.get(0).models()).containsExactly("stacked-epoch-001-mlp32-2");
        assertThat(Files.readAllBytes(manifest)).isEqualTo(before);
        assertThat(ModelStore.of(run).manifest("stacked-epoch-001-mlp32-2").testAccuracy()).isEqualTo(again.get(0).accuracy());
        // raw pixels reads no checkpoint, so an epoch the run does not have is no obstacle; the same seed, the same numbers
        List<ClassificationResult> pixels = ModelTraining.classify(run, new CheckpointSelection.Epoch(99), Set.of(Method.RAW_PIXELS),
                OPTIONS, false);
        assertThat(pixels.get(0).models()).containsExactly("raw-pixels-mlp32-2");
        ClassificationResult first = results.stream().filter(r -> r.method() == Method.RAW_PIXELS).findFirst().orElseThrow();
        assertThat(pixels.get(0).accuracy()).isEqualTo(first.accuracy());
        assertThat(pixels.get(0).confusion()).isDeepEqualTo(first.confusion());
    }

    @Test
    void aModelRefusesACheckpointThatChangedAndNamesTheKnownModelsWhenUnknown() throws Exception {
        Path copy = tmp.resolve("copy");
        Folders.copyTree(run.root(), copy);
        RunDirectory other = RunDirectory.open(copy);
        byte[] checkpoint = Files.readAllBytes(other.checkpoint(1, 1));
        checkpoint[checkpoint.length - 1] ^= 1;
        Files.write(other.checkpoint(1, 1), checkpoint);
        assertThatThrownBy(() -> SavedModel.load(other, "soft-vote-epoch-001-mlp32")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("epoch-001.params has changed since model single-m01-epoch-001-mlp32 was saved");
        assertThatThrownBy(() -> SavedModel.load(other, "nope")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no model 'nope'").hasMessageContaining("soft-vote-epoch-001-mlp32, spread-m00-epoch-001-mlp32");
    }

    @Test
    void anExportHoldsEveryWeightUnderStateDictNames() throws Exception {
        Path file = tmp.resolve("export/vote.safetensors");
        ModelExport.Description d = ModelExport.write(run, "soft-vote-epoch-001-mlp32", file);
        assertThat(d.tensors()).contains("members.0.encoder.0.weight", "members.0.encoder.3.bias", "members.1.standardize.mean",
                "members.1.head.0.weight", "members.1.head.2.bias").hasSize(2 * (4 + 2 + 4));
        assertThat(ModelExport.descriptionFile(file)).exists();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDList read = ai.djl.ndarray.NDList.decode(m, Files.readAllBytes(file));
            Function<String, ai.djl.ndarray.NDArray> byName = n -> read.stream().filter(a -> n.equals(a.getName())).findFirst().orElseThrow();
            assertThat(byName.apply("members.1.encoder.0.weight").getShape().toString()).isEqualTo("(16, 1, 5, 5)");
            assertThat(byName.apply("members.1.encoder.0.weight").toFloatArray())
                    .containsExactly(org.eagerae.train.Checkpoint.read(run.checkpoint(1, 1)).weights().get(0));
            assertThat(byName.apply("members.0.head.2.weight").getShape().toString()).isEqualTo("(10, 32)");
        }
        ModelExport.Description stacked = ModelExport.write(run, "stacked-epoch-001-mlp32", tmp.resolve("export/stacked.safetensors"));
        assertThat(stacked.tensors()).contains("encoders.0.0.weight", "encoders.1.3.bias", "standardize.scale", "head.2.weight");
        ModelExport.Description pixels = ModelExport.write(run, "raw-pixels-mlp32", tmp.resolve("export/pixels.safetensors"));
        assertThat(pixels.tensors()).containsExactlyInAnyOrder("standardize.mean", "standardize.scale", "head.0.weight", "head.0.bias",
                "head.2.weight", "head.2.bias");
        assertThat(pixels.layout()).isEqualTo("softmax(head(standardize(flatten(x))))");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDList read = ai.djl.ndarray.NDList.decode(m, Files.readAllBytes(tmp.resolve("export/pixels.safetensors")));
            assertThat(read.stream().filter(a -> a.getName().equals("head.0.weight")).findFirst().orElseThrow().getShape().toString())
                    .isEqualTo("(32, 784)");
        }
    }

    @Test
    void everyExportLoadsIntoPlainPyTorchAndPredictsWhatPredictWrote() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.eagerae.testing.PyTorchCheck.available(), "skipped: /usr/bin/python3 with torch and numpy is needed"
                + " (bench/setup-pytorch.sh installs them)");
        Path idx = tmp.resolve("data/t10k-images-idx3-ubyte");
        // every layout: a member's model alone, stacked, both votes, fine-tuned members (in their vote), raw pixels, and the
        // semi-supervised heads (saved as single's and raw pixels' are)
        for (String name : List.of("single-m00-epoch-001-mlp32", "stacked-epoch-001-mlp32", "soft-vote-epoch-001-mlp32",
                "hard-vote-epoch-001-mlp32", "fine-tune-vote-epoch-001-mlp32", "raw-pixels-mlp32", "spread-vote-epoch-001-mlp32",
                "raw-pixels-spread-mlp32")) {
            Path csv = tmp.resolve("torch/" + name + ".csv");
            Files.createDirectories(csv.getParent());
            try (SavedModel model = SavedModel.load(run, name); var out = Files.newOutputStream(csv)) {
                BatchPrediction.run(model, ImageSource.open(idx, 1, 28, 28), new PredictionTable(OutputFormat.CSV, model.manifest().classes(), 0),
                        out, Progress.NONE);
            }
            Path weights = tmp.resolve("torch/" + name + ".safetensors");
            ModelExport.write(run, name, weights);
            org.eagerae.testing.PyTorchCheck.Outcome check = org.eagerae.testing.PyTorchCheck.run(weights, idx, csv);
            assertThat(check.exitCode()).as(name + ": " + check.output()).isZero();
            assertThat(check.output()).contains("\"different_class\": 0", "\"agree\": true");
        }
    }
}

package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eagerae.data.DataSource;
import org.eagerae.data.ImageDataset;
import org.eagerae.data.ImageSource;
import org.eagerae.models.ModelManifest;
import org.eagerae.models.ModelStore;
import org.eagerae.models.ModelTraining;
import org.eagerae.models.Predictions;
import org.eagerae.models.SavedModel;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controls that ensemble as much as the members' vote ({@link Method#CONTROLS}), on a tiny run of two members with three
 * heads each: K heads with different seeds on the pixels and on the first member's encoder train, differ, vote, are saved as
 * models, and their saved votes predict what classify reported.
 */
class SeedControlsTest {

    static final ClassifierOptions OPTIONS = ClassifierOptions.defaults(1).withHidden(32).withLearningRate(1e-3f)
            .withBatchSize(50).withMaxEpochs(6).withPatience(2).withLearningRateDrops(0).withVotingHeads(3);

    @TempDir
    static Path tmp;

    static RunDirectory run;
    static ImageDataset test;
    static Map<Method, ClassificationResult> results;

    @BeforeAll
    static void classifyWithTheControls() throws Exception {
        DataSource source = TinyRuns.barsInIdx(tmp.resolve("data"), 200, 60, 48);
        run = TinyRuns.trainInline(tmp.resolve("run"), source, 2, 1);
        results = ModelTraining.classify(run, new CheckpointSelection.Epoch(1),
                Set.of(Method.SINGLE, Method.SOFT_VOTE, Method.RAW_PIXELS, Method.RAW_PIXELS_VOTE, Method.HEAD_VOTE), OPTIONS, false)
                .stream().collect(Collectors.toMap(ClassificationResult::method, r -> r));
        test = source.load().test();
    }

    @Test
    void eachControlVotesOverKHeadsSavedAsModelsOfWhatTheyAre() {
        ModelStore store = ModelStore.of(run);
        ModelManifest pixels = store.manifest("raw-pixels-vote-mlp32");
        assertThat(pixels.parts()).containsExactly("raw-pixels-mlp32", "raw-pixels-h1-mlp32", "raw-pixels-h2-mlp32");
        assertThat(pixels.checkpoints()).isEmpty();
        assertThat(pixels.selection()).isEqualTo(new CheckpointSelection.None());
        assertThat(store.manifest("raw-pixels-h2-mlp32").method()).isEqualTo(Method.RAW_PIXELS);
        // the first member's own head is the head vote's first; the others are heads on the same encoder
        ModelManifest heads = store.manifest("head-vote-epoch-001-mlp32");
        assertThat(heads.parts()).containsExactly("single-m00-epoch-001-mlp32", "single-m00-h1-epoch-001-mlp32",
                "single-m00-h2-epoch-001-mlp32");
        assertThat(heads.checkpoints()).extracting(ModelManifest.Source::path).containsExactly("members/m00/epoch-001.params");
        assertThat(store.manifest("single-m00-h1-epoch-001-mlp32").checkpoints()).extracting(ModelManifest.Source::member).containsExactly(0);
        // K is recorded with the settings that produced the numbers
        assertThat(results.get(Method.HEAD_VOTE).classifier().votingHeads()).isEqualTo(3);
        assertThat(results.get(Method.HEAD_VOTE).memberEpochs()).containsExactly(1);
        assertThat(results.get(Method.RAW_PIXELS_VOTE).memberEpochs()).isEmpty();
        assertThat(results.get(Method.RAW_PIXELS_VOTE).models()).containsExactly("raw-pixels-vote-mlp32");
    }

    @Test
    void theHeadsDifferInTheirSeedsAndTheSavedVotesPredictWhatClassifyReported() throws Exception {
        ImageSource images = ImageSource.open(tmp.resolve("data/t10k-images-idx3-ubyte"), 1, 28, 28);
        float[] pixels = images.read(0, images.size());
        for (String vote : List.of("raw-pixels-vote-mlp32", "head-vote-epoch-001-mlp32")) {
            ModelManifest manifest = ModelStore.of(run).manifest(vote);
            try (SavedModel model = SavedModel.load(run, vote)) {
                Predictions predicted = model.predict(pixels);
                List<float[]> parts = manifest.parts().stream().map(p -> {
                    try (SavedModel part = SavedModel.load(run, p)) {
                        return part.predict(pixels).probabilities();
                    }
                }).toList();
                assertThat(parts.get(1)).as(vote).isNotEqualTo(parts.get(0)); // another seed, another classifier
                assertThat(predicted.classes()).as(vote).containsExactly(Votes.soft(parts, 10));
                int correct = 0;
                for (int i = 0; i < test.size(); i++) {
                    correct += predicted.classes()[i] == test.labels()[i] ? 1 : 0;
                }
                double accuracy = (double) correct / test.size();
                assertThat(accuracy).as(vote).isEqualTo(results.get(manifest.method()).accuracy()).isGreaterThan(0.3); // chance: 0.1
                int perPart = manifest.method() == Method.RAW_PIXELS_VOTE ? 784 : manifest.spec().latentSize();
                assertThat(model.embeddingSize()).isEqualTo(3 * perPart);
            }
        }
    }

    @Test
    void aSingleRunComparesTheVoteWithEachControlImageByImage() {
        List<org.eagerae.models.ModelComparison.Result> compared = org.eagerae.models.ModelComparison.voteAgainstControls(run, test.all(),
                List.copyOf(results.values()));
        assertThat(compared).extracting(org.eagerae.models.ModelComparison.Result::second)
                .containsExactlyInAnyOrder("raw-pixels-vote-mlp32", "head-vote-epoch-001-mlp32");
        for (org.eagerae.models.ModelComparison.Result c : compared) {
            // b - c is the difference of the two models' correct images, which their reported accuracies give
            Method control = Method.of(c.second().startsWith("raw") ? "raw-pixels-vote" : "head-vote");
            double gap = results.get(Method.SOFT_VOTE).accuracy() - results.get(control).accuracy();
            assertThat(c.test().b() - c.test().c()).as(c.second()).isEqualTo((int) Math.round(gap * test.size()));
            assertThat(c.test().pValue()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void theControlVotesExportAndLoadIntoPlainPyTorch() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.eagerae.testing.PyTorchCheck.available(),
                "skipped: /usr/bin/python3 with torch and numpy is needed (bench/setup-pytorch.sh installs them)");
        Path idx = tmp.resolve("data/t10k-images-idx3-ubyte");
        for (String name : List.of("raw-pixels-vote-mlp32", "head-vote-epoch-001-mlp32")) {
            Path csv = tmp.resolve("torch/" + name + ".csv");
            java.nio.file.Files.createDirectories(csv.getParent());
            try (SavedModel model = SavedModel.load(run, name); var out = java.nio.file.Files.newOutputStream(csv)) {
                org.eagerae.predict.BatchPrediction.run(model, ImageSource.open(idx, 1, 28, 28), new org.eagerae.predict.PredictionTable(
                        org.eagerae.predict.OutputFormat.CSV, model.manifest().classes(), 0), out, org.eagerae.predict.Progress.NONE);
            }
            Path weights = tmp.resolve("torch/" + name + ".safetensors");
            org.eagerae.models.ModelExport.write(run, name, weights);
            org.eagerae.testing.PyTorchCheck.Outcome check = org.eagerae.testing.PyTorchCheck.run(weights, idx, csv);
            assertThat(check.exitCode()).as(name + ": " + check.output()).isZero();
            assertThat(check.output()).contains("\"different_class\": 0", "\"agree\": true");
        }
    }

    @Test
    void theRawPixelsOwnClassifierIsTheVotesFirstHead() {
        assertThat(results.get(Method.RAW_PIXELS).models()).containsExactly("raw-pixels-mlp32");
        assertThat(results.get(Method.RAW_PIXELS).selection()).isEqualTo(new CheckpointSelection.None());
        assertThat(results.get(Method.SINGLE).models()).startsWith("single-m00-epoch-001-mlp32");
    }
}

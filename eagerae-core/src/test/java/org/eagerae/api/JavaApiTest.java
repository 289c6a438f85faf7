package org.eagerae.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eagerae.InvalidInputException;
import org.eagerae.data.ImageDataset;
import org.eagerae.run.RunDirectory;
import org.eagerae.models.ModelStore;
import org.eagerae.testing.PngFiles;
import org.eagerae.testing.TinyImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API end to end: the README's example on images in memory (its two members train in
 * worker processes), then loading and predicting from several threads.
 */
@Tag("process")
class JavaApiTest {

    @TempDir
    static Path tmp;

    static ImageDataset data;
    static Path run;
    static ImageClassifier.Prediction examplePrediction;

    @BeforeAll
    static void runTheReadmeExample() throws Exception {
        data = TinyImages.bars(400, 1, 28, 10, 8);
        float[][] images = new float[data.size()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = Arrays.copyOfRange(data.pixels(), i * 784, (i + 1) * 784);
        }
        File png = tmp.resolve("scan.png").toFile();
        PngFiles.write(png.toPath(), PngFiles.image(data, 0));
        run = tmp.resolve("run");
        examplePrediction = ReadmeExample.trainAndPredict(images, data.labels(), png, run, 2, 2);
    }

    @Test
    void theExampleTrainsSavesAndClassifiesWellAboveChance() {
        ModelStore store = ModelStore.of(RunDirectory.open(run));
        assertThat(store.names()).containsExactlyInAnyOrder("single-m00-epoch-002", "single-m01-epoch-002", "soft-vote-epoch-002");
        assertThat(store.manifest("soft-vote-epoch-002").testAccuracy()).isGreaterThan(0.5); // chance is 0.1
        assertThat(store.manifest("soft-vote-epoch-002").testImages()).isEqualTo(80);
        assertThat(examplePrediction.probabilities()).hasSize(10);
        assertThat(examplePrediction.className()).isEqualTo(String.valueOf(examplePrediction.classIndex()));
        assertThat(RunDirectory.open(run).readManifest().spec().data().dataset()).isEqualTo("npy");
    }

    @Test
    void aBufferedImageAFloatArrayAndABatchGiveTheSameAnswer() throws Exception {
        try (ImageClassifier classifier = ImageClassifier.load(run, "soft-vote-epoch-002")) {
            float[] first = Arrays.copyOfRange(data.pixels(), 0, 784);
            for (int p = 0; p < first.length; p++) {
                first[p] = Math.round(first[p] * 255) / 255f; // as stored in the 8-bit PNG file of the example
            }
            ImageClassifier.Prediction fromFloats = classifier.predict(first);
            assertThat(fromFloats.probabilities()).containsExactly(examplePrediction.probabilities());
            List<ImageClassifier.Prediction> batch = classifier.predictImages(List.of(PngFiles.image(data, 0), PngFiles.image(data, 1)));
            assertThat(batch.get(0).classIndex()).isEqualTo(fromFloats.classIndex());
            assertThat(batch.get(0).probabilities()).usingElementComparator((a, b) -> Math.abs(a - b) < 1e-5f ? 0 : 1)
                    .containsExactly(fromFloats.probabilities());
            assertThat(classifier.embed(first)).hasSize(2 * 32 * 7 * 7);
            assertThat(classifier.classes()).hasSize(10);
            assertThatThrownBy(() -> classifier.predict(new float[10])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the model reads 1x28x28");
        }
    }

    @Test
    void concurrentCallersGetWhatOneCallerGets() throws Exception {
        int n = 40;
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(Arrays.copyOfRange(data.pixels(), i * 784, (i + 1) * 784));
        }
        try (ImageClassifier classifier = ImageClassifier.load(run, "soft-vote-epoch-002", 2)) {
            List<float[]> alone = new ArrayList<>();
            for (float[] image : images) {
                alone.add(classifier.predict(image).probabilities());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> shared = new ArrayList<>();
                for (float[] image : images) {
                    shared.add(pool.submit(() -> classifier.predict(image).probabilities()));
                }
                for (int i = 0; i < n; i++) {
                    assertThat(shared.get(i).get()).containsExactly(alone.get(i));
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void anUnknownModelNamesTheKnownOnesAndBadSettingsLeaveNoFolder() {
        assertThatThrownBy(() -> ImageClassifier.load(run, "stacked-epoch-002")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("its models are single-m00-epoch-002, single-m01-epoch-002, soft-vote-epoch-002");
        Path never = tmp.resolve("never");
        assertThatThrownBy(() -> EnsembleTrainer.onImages(new float[][] {new float[784]}, new int[] {0}, 1, 28, 28).split(10, 5)
                .members(1).out(never).train()).isInstanceOf(InvalidInputException.class).hasMessageContaining("asked for 10 training");
        assertThat(never).doesNotExist();
    }

    @Test
    void fromJavaTheAutoencodersTrainOnUnlabelledImagesTooAndABadFolderLeavesNoRun() throws Exception {
        ImageDataset extra = TinyImages.bars(60, 1, 28, 10, 9);
        Path npy = tmp.resolve("unlabelled");
        org.eagerae.testing.TinyRuns.writeNpyFolder(npy, extra);
        float[][] images = new float[200][];
        for (int i = 0; i < images.length; i++) {
            images[i] = Arrays.copyOfRange(data.pixels(), i * 784, (i + 1) * 784);
        }
        Path with = EnsembleTrainer.onImages(images, Arrays.copyOf(data.labels(), 200), 1, 28, 28).split(120, 40).members(1).epochs(1)
                .unlabelled(npy.resolve("images.npy")).out(tmp.resolve("with-unlabelled")).train();
        org.eagerae.data.UnlabelledImages recorded = RunDirectory.open(with).readManifest().spec().unlabelled();
        assertThat(recorded.train()).isEqualTo(54);
        assertThat(recorded.validation()).isEqualTo(6);
        List<org.eagerae.classify.ClassificationResult> results = ClassifierTrainer.on(with).epoch(1)
                .methods(org.eagerae.classify.Method.SOFT_VOTE).labelsPerClass(3).train();
        assertThat(results.get(0).unsupervisedImages()).as("the 120 training images and the 54 unlabelled ones").isEqualTo(174);
        org.eagerae.classify.ClassificationResult inAll = ClassifierTrainer.on(with).epoch(1)
                .methods(org.eagerae.classify.Method.SOFT_VOTE).labelsInAll(30).train().get(0);
        assertThat(inAll.classifier().labelsInAll()).isEqualTo(30);
        assertThat(inAll.unsupervisedImages()).isEqualTo(174);
        assertThatThrownBy(() -> ClassifierTrainer.on(with).epoch(1).labelsPerClass(3).labelsInAll(30).train())
                .isInstanceOf(InvalidInputException.class).hasMessage("labelsPerClass (3) and labelsInAll (30) are two label budgets; set one");

        Path never = tmp.resolve("never-unlabelled");
        Path missing = tmp.resolve("no-such-images");
        assertThatThrownBy(() -> EnsembleTrainer.onImages(images, Arrays.copyOf(data.labels(), 200), 1, 28, 28).split(120, 40).members(1)
                .unlabelled(missing).out(never).train()).isInstanceOf(InvalidInputException.class)
                .hasMessage(missing + ": no such file or folder");
        assertThat(never).doesNotExist();
    }

    @Test
    void fromJavaTheShareOfVarianceIsChosenOnValidationAndFineTuningCanLeaveTheImagesAsTheyAre() throws Exception {
        Path copy = org.eagerae.testing.Folders.copyTree(run, tmp.resolve("choices"));
        List<org.eagerae.classify.ClassificationResult> results = ClassifierTrainer.on(copy).epoch(2)
                .methods(org.eagerae.classify.Method.SOFT_VOTE, org.eagerae.classify.Method.RAW_PIXELS).labelsPerClass(5)
                .pcaVarianceChosenOnValidation(org.eagerae.models.PcaSearch.DEFAULT).fineTune(true)
                .fineTuneAugmentation(org.eagerae.classify.FineTuneAugmentation.NONE).train();
        assertThat(results).extracting(r -> r.method().label())
                .containsExactlyInAnyOrder("soft-vote", "raw-pixels", "fine-tune", "fine-tune-vote");
        assertThat(results).allSatisfy(r -> assertThat(r.classifier().labelsPerClass()).isEqualTo(5));
        assertThat(results).filteredOn(r -> !r.method().label().startsWith("fine-tune"))
                .allSatisfy(r -> assertThat(r.classifier().pcaVariance()).isIn(org.eagerae.models.PcaSearch.DEFAULT.candidates().toArray()));
        assertThat(results).filteredOn(r -> r.method().label().startsWith("fine-tune")).allSatisfy(r -> {
            assertThat(r.classifier().maxShift()).isZero();
            assertThat(r.classifier().maxDegrees()).isZero();
        });
        assertThatThrownBy(() -> ClassifierTrainer.on(copy).bestEpoch().pcaVarianceChosenOnValidation(org.eagerae.models.PcaSearch.DEFAULT)
                .train()).isInstanceOf(IllegalStateException.class).hasMessageContaining("not with bestEpoch()");
    }

    @Test
    void theReadmeQuotesTheExampleAsItIs() throws Exception {
        String source = Files.readString(Path.of("src/test/java/org/eagerae/api/ReadmeExample.java"), StandardCharsets.UTF_8);
        String example = source.substring(source.indexOf("// README example start"), source.indexOf("// README example end"));
        example = example.substring(example.indexOf('\n') + 1).stripIndent().strip();
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains(example);
    }
}

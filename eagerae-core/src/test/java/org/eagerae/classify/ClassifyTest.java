package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eagerae.data.DataSource;
import org.eagerae.ensemble.CheckpointChoice;
import org.eagerae.ensemble.Ensemble;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.RunConfig;
import org.eagerae.ensemble.RunDirectory;
import org.eagerae.ensemble.RunManifest;
import org.eagerae.model.CaeSpec;
import org.eagerae.testing.IdxFiles;
import org.eagerae.testing.TinyImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyTest {

    @TempDir
    Path tmp;

    @Test
    void stackingPutsMemberColumnsSideBySideInOrder() {
        FeatureMatrix a = new FeatureMatrix(new float[] {1, 2, 3, 4}, 2, 2);
        FeatureMatrix b = new FeatureMatrix(new float[] {9, 8, 7, 6, 5, 4}, 2, 3);
        FeatureMatrix s = FeatureMatrix.stack(List.of(a, b));
        assertThat(s.rows()).isEqualTo(2);
        assertThat(s.cols()).isEqualTo(5);
        assertThat(s.row(0)).containsExactly(1, 2, 9, 8, 7);
        assertThat(s.row(1)).containsExactly(3, 4, 6, 5, 4);
    }

    @Test
    void softAndHardVotesDisagreeWhereTheyShould() {
        // 3 members, 2 images, 3 classes
        float[] m1 = {0.40f, 0.35f, 0.25f, 0.1f, 0.8f, 0.1f};
        float[] m2 = {0.40f, 0.35f, 0.25f, 0.1f, 0.1f, 0.8f};
        float[] m3 = {0.00f, 0.95f, 0.05f, 0.8f, 0.1f, 0.1f};
        List<float[]> p = List.of(m1, m2, m3);
        // image 0: two members vote 0, but the mean probability favours class 1
        assertThat(Votes.hard(p, 3)[0]).isEqualTo(0);
        assertThat(Votes.soft(p, 3)[0]).isEqualTo(1);
        // image 1: one vote each -> tie, lowest class wins; soft: class 0 mean 0.333, 1: 0.333, 2: 0.333 -> lowest
        assertThat(Votes.hard(p, 3)[1]).isEqualTo(0);
        assertThat(Votes.argmax(m2, 3)).containsExactly(0, 2);
    }

    @Test
    void metricsCountCorrectPredictionsPerClass() {
        int[] labels = {0, 0, 1, 1, 2, 2};
        int[] predicted = {0, 1, 1, 1, 2, 0};
        Metrics m = Metrics.of(predicted, labels, 4);
        assertThat(m.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(m.perClassAccuracy()[0]).isEqualTo(0.5);
        assertThat(m.perClassAccuracy()[1]).isEqualTo(1.0);
        assertThat(m.perClassAccuracy()[3]).isNaN();
        assertThat(m.confusion()[0][1]).isEqualTo(1);
        assertThat(m.confusion()[2][0]).isEqualTo(1);
        assertThat(m.confusion()[2][2]).isEqualTo(1);
    }

    @Test
    void standardizerUsesTrainingStatisticsOnly() {
        FeatureMatrix train = new FeatureMatrix(new float[] {1, 5, 3, 5}, 2, 2); // column 1 is constant
        Standardizer s = Standardizer.fit(train);
        assertThat(s.apply(train).values()).containsExactly(-1f, 0f, 1f, 0f);
        assertThat(s.apply(new FeatureMatrix(new float[] {4, 7}, 1, 2)).values()).containsExactly(2f, 2f);
    }

    @Test
    void npyHeaderIsAlignedAndDescribesTheArray() throws Exception {
        Path file = tmp.resolve("f.npy");
        NpyWriter.write(file, new FeatureMatrix(new float[] {1.5f, -2f, 3f, 4f, 5f, 6f}, 2, 3));
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0] & 0xff).isEqualTo(0x93);
        assertThat(new String(bytes, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f4'").contains("'shape': (2, 3)").endsWith("\n");
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getFloat()).isEqualTo(1.5f);
        assertThat(data.getFloat()).isEqualTo(-2f);
        assertThat(bytes).hasSize(10 + headerLength + 24);
    }

    @Test
    void encoderFeaturesHaveOneRowPerImageAndTinyRunClassifiesWellAboveChance() throws Exception {
        Path data = IdxFiles.writeMnistLayout(tmp.resolve("data"), TinyImages.bars(600, 1, 28, 10, 1), TinyImages.bars(200, 1, 28, 10, 2));
        DataSource source = new DataSource("idx", data.toString(), data.toString(), 400, 200, 0, 1);
        RunConfig config = new RunConfig(source, CaeSpec.mnist(), 2, 1, 50, 1e-3f, 2, "none", 0.001, 3, false, "inline", 1, 1);
        RunDirectory run = RunDirectory.create(tmp.resolve("run"));
        RunManifest manifest = RunManifest.start(config);
        run.writeManifest(manifest);
        Ensemble.train(run, manifest, EnsembleListener.NONE);

        List<CheckpointChoice> choices = CheckpointChoice.forEpoch(run, 2);
        EncoderFeatures f = EncoderFeatures.extract(CaeSpec.mnist(), choices.get(0).checkpoint(), source.load());
        assertThat(f.train().rows()).isEqualTo(400);
        assertThat(f.train().cols()).isEqualTo(CaeSpec.mnist().latentSize());
        assertThat(f.test().rows()).isEqualTo(200);

        Classification c = new Classification(CaeSpec.mnist(), source.load(), new ClassifierOptions(32, 1e-3f, 50, 10, 3, 1));
        List<ClassificationResult> results = c.evaluate(choices, Set.copyOf(Classification.METHODS), "epoch 2");
        assertThat(results).extracting(ClassificationResult::method).containsExactlyInAnyOrder("single", "stacked", "soft-vote", "hard-vote");
        for (ClassificationResult r : results) {
            assertThat(r.accuracy()).as(r.method()).isGreaterThan(0.5); // chance is 0.1
            assertThat(r.memberEpochs()).containsExactly(2, 2);
        }
    }
}

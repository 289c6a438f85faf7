package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/**
 * Activations kept outside the heap and stacked and standardised only a batch at a time give the
 * numbers of the whole-matrix way: the same standardisation, the same classifier, the same probabilities.
 */
class BoundedFeaturesTest {

    private static final ClassifierOptions OPTIONS = ClassifierOptions.defaults(1).withHidden(16).withPcaVariance(0).withLearningRate(1e-3f)
            .withBatchSize(20).withMaxEpochs(4).withPatience(2).withLearningRateDrops(0);

    private static FeatureMatrix random(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.max(0, r.nextGaussian() + (i % cols) * 0.1); // ReLU-like, columns on different scales
        }
        return new FeatureMatrix(v, rows, cols);
    }

    private static int[] labels(FeatureMatrix m) {
        int[] out = new int[m.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.values()[i * m.cols()] > 0.8f ? 1 : m.values()[i * m.cols() + 1] > 0.8f ? 2 : 0;
        }
        return out;
    }

    @Test
    void theStoreGivesBackWhatWasPutAndUnmapsAndDeletesItsFilesOnClose() throws Exception {
        FeatureMatrix m = random(37, 11, 1);
        Path folder;
        FeatureStore.Matrix mapped;
        try (FeatureStore store = FeatureStore.temporary(); NDManager manager = NDManager.newBaseManager()) {
            folder = store.folder();
            mapped = store.matrix(37, 11);
            mapped.put(0, java.util.Arrays.copyOfRange(m.values(), 0, 20 * 11));
            mapped.put(20, java.util.Arrays.copyOfRange(m.values(), 20 * 11, 37 * 11));
            float[] row = new float[11];
            for (int r = 0; r < 37; r++) {
                mapped.copyRow(r, row, 0);
                assertThat(row).containsExactly(m.row(r));
            }
            try (java.util.stream.Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".f32")).toList()).containsExactly("features-1.f32");
            }
            assertThat(Files.readString(Path.of("/proc/self/maps"))).contains(folder.resolve("features-1.f32").toString());
            assertThat(Standardizer.fit(mapped).weights(manager).get(1).toFloatArray())
                    .containsExactly(Standardizer.fit(m).weights(manager).get(1).toFloatArray());
        }
        assertThat(folder).doesNotExist();
        // unmapped at once, not when the garbage collector gets to it; reading it now is an error, not a crash
        assertThat(Files.readString(Path.of("/proc/self/maps"))).doesNotContain(folder.toString());
        assertThatThrownBy(() -> mapped.copyRow(0, new float[11], 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void aStackedHeadOnBlocksEqualsOneOnTheStackedMatrixBitForBit() {
        FeatureMatrix a = random(300, 12, 2);
        FeatureMatrix b = random(300, 7, 3);
        FeatureMatrix stacked = FeatureMatrix.stack(List.of(a, b));
        int[] y = labels(stacked);
        EncoderFeatures ea = new EncoderFeatures(a, a, a);
        EncoderFeatures eb = new EncoderFeatures(b, b, b);
        EncoderFeatures whole = new EncoderFeatures(stacked, stacked, stacked);
        try (FeatureHead blocks = FeatureHead.train(List.of(ea, eb), y, y, 3, OPTIONS, 5);
                FeatureHead one = FeatureHead.train(List.of(whole), y, y, 3, OPTIONS, 5)) {
            float[] p = blocks.probabilities(List.of(a, b));
            assertThat(p).containsExactly(one.probabilities(stacked));
            assertThat(blocks.fit().orElseThrow().epochs()).isEqualTo(one.fit().orElseThrow().epochs());
            // the stacked standardisation is the members' side by side
            Standardizer s = Standardizer.concat(List.of(Standardizer.fit(a), Standardizer.fit(b)));
            assertThat(s.apply(stacked).values()).containsExactly(Standardizer.fit(stacked).apply(stacked).values());
        }
    }
}

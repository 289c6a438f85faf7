package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * Principal components against a direct eigendecomposition (both ways of finding them), their
 * projection against the folded first layer, and heads trained on them: read back, repeated and
 * accurate.
 */
class PrincipalComponentsTest {

    /**
     * ReLU-like activations with a decaying spectrum: {@code factors} latent factors of falling
     * scale mixed into {@code cols} features, a little noise, and {@code dead} features always 0.
     */
    private static FeatureMatrix activations(int rows, int cols, int factors, int dead, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] mixing = new double[factors][cols];
        for (double[] row : mixing) {
            Arrays.setAll(row, j -> r.nextGaussian());
        }
        float[] v = new float[rows * cols];
        double[] z = new double[factors];
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < factors; f++) {
                z[f] = r.nextGaussian() * Math.pow(0.93, f);
            }
            for (int j = dead; j < cols; j++) {
                double s = 0.05 * r.nextGaussian();
                for (int f = 0; f < factors; f++) {
                    s += z[f] * mixing[f][j];
                }
                v[i * cols + j] = (float) Math.max(0, s + 0.5);
            }
        }
        return new FeatureMatrix(v, rows, cols);
    }

    /** The covariance of the standardised rows, computed plainly in double. */
    private static double[] covariance(FeatureMatrix x, Standardizer s) {
        int d = x.cols();
        float[] z = x.values().clone();
        s.applyInPlace(z);
        double[] c = new double[d * d];
        for (int r = 0; r < x.rows(); r++) {
            for (int i = 0; i < d; i++) {
                double zi = z[r * d + i];
                if (zi != 0) {
                    for (int j = 0; j < d; j++) {
                        c[i * d + j] += zi * z[r * d + j];
                    }
                }
            }
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= x.rows();
        }
        return c;
    }

    private static double[] eigenvaluesDescending(double[] c, int d) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        assertThat(eig.decompose(new DMatrixRMaj(d, d, true, c))).isTrue();
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = -eig.getEigenvalue(i).real;
        }
        Arrays.sort(values);
        return Arrays.stream(values).map(v -> -v).toArray();
    }

    /** {@code sum_j b_j^T C b_j}: the variance the basis rows keep. */
    private static double keptVariance(PrincipalComponents pcs, double[] c) {
        int d = pcs.features();
        double kept = 0;
        for (int j = 0; j < pcs.components(); j++) {
            for (int a = 0; a < d; a++) {
                double ba = pcs.basis()[j * d + a];
                if (ba != 0) {
                    for (int b = 0; b < d; b++) {
                        kept += ba * c[a * d + b] * pcs.basis()[j * d + b];
                    }
                }
            }
        }
        return kept;
    }

    private static void assertOrthonormal(PrincipalComponents pcs) {
        int d = pcs.features();
        for (int i = 0; i < pcs.components(); i++) {
            for (int j = 0; j <= i; j++) {
                double dot = 0;
                for (int a = 0; a < d; a++) {
                    dot += (double) pcs.basis()[i * d + a] * pcs.basis()[j * d + a];
                }
                assertThat(dot).isCloseTo(i == j ? 1 : 0, within(1e-4));
            }
        }
    }

    private static void checkAgainstDirectDecomposition(FeatureMatrix x, int dead, double fraction) {
        Standardizer s = Standardizer.fit(x);
        PrincipalComponents pcs = PrincipalComponents.fit(x, s, fraction, 5);
        double[] c = covariance(x, s);
        double[] exact = eigenvaluesDescending(c, x.cols());
        double total = Arrays.stream(exact).sum();
        int fewest = 0;
        for (double sum = 0; sum < fraction * total; fewest++) {
            sum += exact[fewest];
        }
        assertThat(pcs.total()).isCloseTo(total, within(1e-3 * total));
        assertThat(pcs.components()).isBetween(fewest, fewest + 2);
        assertThat(keptVariance(pcs, c)).isGreaterThanOrEqualTo((fraction - 1e-4) * total);
        for (int j = 0; j < Math.min(10, pcs.components()); j++) {
            assertThat(pcs.variances()[j]).isCloseTo(exact[j], within(1e-3 * exact[0]));
        }
        assertOrthonormal(pcs);
        for (int j = 0; j < pcs.components(); j++) {
            for (int a = 0; a < dead; a++) {
                assertThat(pcs.basis()[j * x.cols() + a]).isZero(); // features that never vary take no part
            }
        }
    }

    @Test
    void aSmallCovarianceDecomposedDirectlyKeepsTheFewestComponentsThatReachTheFraction() {
        checkAgainstDirectDecomposition(activations(400, 60, 40, 7, 1), 7, 0.95);
    }

    @Test
    void aLargeCovarianceBySubspaceIterationKeepsWhatTheDirectDecompositionKeeps() {
        // 700 varying features: more than the direct decomposition takes, so the subspace is iterated
        checkAgainstDirectDecomposition(activations(1500, 730, 260, 30, 2), 30, 0.95);
    }

    @Test
    void fewerRowsThanFeaturesUseTheGramMatrixAndKeepWhatTheDirectDecompositionKeeps() {
        // 870 varying features and 300 rows: the components come from the 300 x 300 Gram matrix, decomposed directly
        assertThat(PrincipalComponents.usesGram(300, 870)).isTrue();
        assertThat(PrincipalComponents.usesGram(1500, 700)).as("the covariance's path, as before").isFalse();
        checkAgainstDirectDecomposition(activations(300, 900, 400, 30, 4), 30, 0.95);
    }

    @Test
    void aLargeGramMatrixBySubspaceIterationKeepsWhatTheDirectDecompositionKeeps() {
        // 700 rows, more than the direct decomposition takes, and 960 varying features
        checkAgainstDirectDecomposition(activations(700, 980, 600, 20, 6), 20, 0.9);
    }

    @Test
    void theFoldedFirstLayerOnStandardisedFeaturesEqualsTheLayerOnTheProjection() {
        FeatureMatrix x = activations(300, 50, 30, 3, 3);
        Standardizer s = Standardizer.fit(x);
        PrincipalComponents pcs = PrincipalComponents.fit(x, s, 0.9, 1);
        FeatureMatrix projected = pcs.project(x, s);
        int units = 4;
        float[] w = new float[units * pcs.components()];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        float[] folded = pcs.fold(w, units);
        float[] z = x.values().clone();
        s.applyInPlace(z);
        for (int row = 0; row < x.rows(); row++) {
            for (int u = 0; u < units; u++) {
                double viaProjection = 0;
                for (int k = 0; k < pcs.components(); k++) {
                    viaProjection += (double) w[u * pcs.components() + k] * projected.values()[row * pcs.components() + k];
                }
                double viaFold = 0;
                for (int a = 0; a < x.cols(); a++) {
                    viaFold += (double) folded[u * x.cols() + a] * z[row * x.cols() + a];
                }
                assertThat(viaFold).isCloseTo(viaProjection, within(1e-3 * (1 + Math.abs(viaProjection))));
            }
        }
    }

    @Test
    void settingsWrittenBeforeTheComponentsExistedReadAsEveryActivation() throws Exception {
        String before = "{\"hidden\":256,\"learningRate\":0.002,\"batchSize\":200,\"maxEpochs\":60,\"patience\":5,"
                + "\"learningRateDrops\":2,\"maxShift\":0.0,\"maxDegrees\":0.0,\"dropout\":0.0,\"seed\":1}";
        ClassifierOptions read = org.eagerae.run.RunDirectory.JSON.readValue(before, ClassifierOptions.class);
        assertThat(read.pcaVariance()).isZero();
        assertThat(read).isEqualTo(ClassifierOptions.defaults(1).withPcaVariance(0).withPatience(5).withLearningRateDrops(2));
    }

    /** Features of three classes, each marked by a different group of factors. */
    private static int[] labels(FeatureMatrix x) {
        int[] out = new int[x.rows()];
        for (int i = 0; i < out.length; i++) {
            float a = x.values()[i * x.cols() + 10];
            float b = x.values()[i * x.cols() + 20];
            out[i] = a > 0.9f ? 1 : b > 0.9f ? 2 : 0;
        }
        return out;
    }

    @Test
    void headsOnPrincipalComponentsRepeatExactlyReadBackAsOrdinaryHeadsAndClassify() throws Exception {
        FeatureMatrix a = activations(600, 64, 30, 4, 11);
        FeatureMatrix b = activations(600, 48, 20, 0, 12);
        FeatureMatrix testA = activations(600, 64, 30, 4, 11); // the same rows: a check of fitting, not of generalising
        int[] y = labels(a);
        ClassifierOptions options = ClassifierOptions.defaults(1).withHidden(16).withPcaVariance(0.95).withLearningRate(1e-2f)
                .withBatchSize(50).withMaxEpochs(10);
        EncoderFeatures ea = new EncoderFeatures(a, a, testA);
        EncoderFeatures eb = new EncoderFeatures(b, b, b);
        try (NDManager m = NDManager.newBaseManager();
                FeatureHead single = FeatureHead.train(List.of(ea), y, y, 3, options, 3);
                FeatureHead again = FeatureHead.train(List.of(ea), y, y, 3, options, 3);
                FeatureHead stacked = FeatureHead.train(List.of(ea, eb), y, y, 3, options, 3)) {
            float[] p = single.probabilities(a);
            assertThat(again.probabilities(a)).containsExactly(p);
            assertThat(Metrics.of(Votes.argmax(p, 3), y, 3).accuracy()).isGreaterThan(0.9);
            assertThat(single.fit().orElseThrow().bestValAccuracy()).isGreaterThan(0.9);
            NDList weights = single.weights(m);
            assertThat(StateDict.find(weights, StateDict.HEAD_FIRST_WEIGHT, new ai.djl.ndarray.types.Shape(16, 64))).isNotNull();
            try (FeatureHead loaded = FeatureHead.load(weights, 64, 16, 3)) {
                assertThat(loaded.probabilities(a)).containsExactly(p);
            }
            float[] ps = stacked.probabilities(List.of(a, b));
            assertThat(Metrics.of(Votes.argmax(ps, 3), y, 3).accuracy()).isGreaterThan(0.9);
            try (FeatureHead loaded = FeatureHead.load(stacked.weights(m), 64 + 48, 16, 3)) {
                assertThat(loaded.probabilities(List.of(a, b))).containsExactly(ps);
            }
        }
    }
}

package org.eagerae.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.eagerae.data.ImageDataset;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.Checkpoint;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * A cheap estimate of how well an ensemble's encoders classify, for deciding when to stop training
 * them: each member's activations of a fixed set of validation images are standardised, reduced to
 * their {@value #COMPONENTS} leading principal components (a randomised range finder with one power
 * iteration, its start fixed), and fed to a closed-form ridge regression on the one-hot labels,
 * {@value #FOLDS}-fold cross-validated over those images (image i in fold i mod {@value #FOLDS}); the
 * ridge strength is chosen per member from a small grid by the same out-of-fold accuracy. The vote is
 * the class with the highest mean out-of-fold score of the members. No training image and no test
 * label is read; the numbers depend only on the checkpoints and the images.
 */
public final class ValidationProbe {

    /** Leading principal components each member's head sees. */
    public static final int COMPONENTS = 32;
    /** Cross-validation folds over the probe's images. */
    public static final int FOLDS = 5;
    /** Extra directions of the randomised range finder beyond {@link #COMPONENTS}. */
    private static final int OVERSAMPLING = 8;
    /** Ridge strengths, as multiples of the mean variance of a component. */
    private static final double[] RIDGE = {1e-3, 1e-2, 1e-1, 1};
    /** The range finder's random start, the same for every member and epoch. */
    private static final long START_SEED = 0x5eed_9707L;

    private final CaeSpec spec;
    private final ImageDataset images;
    private final int components;

    /**
     * The probe's scores of one epoch.
     *
     * @param voteAccuracy     the members' vote, a fraction
     * @param memberAccuracies each member's own, member order
     */
    public record Scores(double voteAccuracy, List<Double> memberAccuracies) {}

    /**
     * @param spec       the members' architecture
     * @param validation the validation split, with labels
     * @param images     how many of its first images to score (all when it has fewer)
     */
    public ValidationProbe(CaeSpec spec, ImageDataset validation, int images) {
        this(spec, validation, images, COMPONENTS);
    }

    /** As {@link #ValidationProbe(CaeSpec, ImageDataset, int)}, with {@code components} leading components instead of {@value #COMPONENTS}. */
    ValidationProbe(CaeSpec spec, ImageDataset validation, int images, int components) {
        this.components = components;
        int n = Math.min(images, validation.size());
        if (n < 2 * FOLDS) {
            throw new IllegalArgumentException("the probe needs at least " + 2 * FOLDS + " validation images, got " + n);
        }
        this.spec = spec;
        this.images = validation.select(IntStream.range(0, n).toArray());
    }

    /** Images the probe scores. */
    public int images() {
        return images.size();
    }

    /** Classes of its labels: each image's scores have one per class. */
    public int classes() {
        return images.classes();
    }

    /**
     * One member's part of a probe: its out-of-fold class scores of the probe's images ({@code images x classes})
     * and their accuracy.
     */
    public record MemberScores(double[] scores, double accuracy) {}

    /** Scores the members whose checkpoints are given, member order. */
    public Scores score(List<Path> checkpoints) {
        return combine(checkpoints.stream().map(this::member).toList());
    }

    /** Scores one member's checkpoint; members may be scored in any order and on any thread, then {@link #combine combined}. */
    public MemberScores member(Path checkpoint) {
        try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 0)) {
            Checkpoint.read(checkpoint).loadWeightsInto(cae);
            return member(EncoderFeatures.of(cae, images), manager);
        }
    }

    /**
     * Scores one member from its encoder's activations of the probe's images ({@link #images()} rows, in order), as a
     * member's validation pass computes them anyway: the same scores as {@link #member(Path)} of the checkpoint they
     * came from, without running the encoder again.
     *
     * @throws IllegalArgumentException when the activations have another number of rows
     */
    public MemberScores member(FeatureMatrix activations) {
        if (activations.rows() != images.size()) {
            throw new IllegalArgumentException("the probe scores " + images.size() + " images, not " + activations.rows());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            return member(activations, manager);
        }
    }

    /** The vote of members scored by {@link #member}, and their own accuracies, member order. */
    public Scores combine(List<MemberScores> members) {
        double[] vote = new double[images.size() * images.classes()];
        for (MemberScores m : members) {
            for (int i = 0; i < vote.length; i++) {
                vote[i] += m.scores()[i];
            }
        }
        return new Scores(accuracy(vote, images.classes()), members.stream().map(MemberScores::accuracy).toList());
    }

    /** One member's out-of-fold class scores at its best ridge strength, and their accuracy. */
    private MemberScores member(FeatureMatrix features, NDManager manager) {
        double[][] z = leadingComponents(standardized(features), features.rows(), features.cols(), components, manager);
        double[] best = null;
        double bestAccuracy = -1;
        for (double[] scores : crossValidatedRidge(z)) {
            double a = accuracy(scores, images.classes());
            if (a > bestAccuracy) {
                best = scores;
                bestAccuracy = a;
            }
        }
        return new MemberScores(best, bestAccuracy);
    }

    /** Each column centred and scaled to unit variance over the probe's images; constant columns become zeros. */
    private static float[] standardized(FeatureMatrix m) {
        int n = m.rows();
        int d = m.cols();
        float[] v = m.values().clone();
        double[] sum = new double[d];
        double[] sq = new double[d];
        for (int i = 0; i < n; i++) { // row by row, each column's sums in image order
            for (int j = 0, at = i * d; j < d; j++, at++) {
                double x = v[at];
                sum[j] += x;
                sq[j] += x * x;
            }
        }
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = sum[j] / n;
            double var = sq[j] / n - mean[j] * mean[j];
            scale[j] = var > 1e-12 ? 1 / Math.sqrt(var) : 0;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0, at = i * d; j < d; j++, at++) {
                v[at] = (float) ((v[at] - mean[j]) * scale[j]);
            }
        }
        return v;
    }

    /** The images' coordinates along the leading principal directions of {@code x} ({@code n x d}): {@code n x k}, k at most {@value #COMPONENTS}. */
    private static double[][] leadingComponents(float[] x, int n, int d, int components, NDManager manager) {
        int q = Math.min(components + OVERSAMPLING, Math.min(n, d));
        NDArray a = manager.create(x, new Shape(n, d));
        float[] start = new float[d * q];
        SplittableRandom random = new SplittableRandom(START_SEED);
        for (int i = 0; i < start.length; i++) {
            start[i] = (float) (2 * random.nextDouble() - 1);
        }
        double[][] y = orthonormalColumns(a.dot(manager.create(start, new Shape(d, q))).toFloatArray(), n, q);
        NDArray qa = manager.create(flatten(y), new Shape(n, y[0].length));
        y = orthonormalColumns(a.dot(a.transpose().dot(qa)).toFloatArray(), n, y[0].length);
        int r = y[0].length;
        qa = manager.create(flatten(y), new Shape(n, r));
        float[] b = qa.transpose().dot(a).toFloatArray(); // r x d
        DMatrixRMaj gram = new DMatrixRMaj(r, r);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += (double) b[i * d + c] * b[j * d + c];
                }
                gram.set(i, j, s);
                gram.set(j, i, s);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(r, true, true);
        if (!eig.decompose(gram)) {
            throw new IllegalStateException("the probe's eigendecomposition failed");
        }
        Integer[] order = IntStream.range(0, r).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, (i, j) -> Double.compare(eig.getEigenvalue(j).real, eig.getEigenvalue(i).real));
        int k = Math.min(components, r);
        double[][] z = new double[n][k];
        for (int c = 0; c < k; c++) {
            DMatrixRMaj u = eig.getEigenVector(order[c]);
            // the coordinates X v = Q B v = Q u s, with B^T u = s v: Q u scaled by s
            double s = Math.sqrt(Math.max(eig.getEigenvalue(order[c]).real, 0));
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int t = 0; t < r; t++) {
                    sum += y[i][t] * u.get(t, 0);
                }
                z[i][c] = sum * s;
            }
        }
        return z;
    }

    /** The columns of {@code values} ({@code n x q}, row-major) made orthonormal by Gram-Schmidt, dropping those that vanish. */
    private static double[][] orthonormalColumns(float[] values, int n, int q) {
        List<double[]> columns = new ArrayList<>();
        for (int c = 0; c < q; c++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = values[i * q + c];
            }
            double norm0 = norm(v);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] u : columns) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += u[i] * v[i];
                    }
                    for (int i = 0; i < n; i++) {
                        v[i] -= dot * u[i];
                    }
                }
            }
            double norm = norm(v);
            if (norm > 1e-6 * Math.max(norm0, 1e-30)) {
                for (int i = 0; i < n; i++) {
                    v[i] /= norm;
                }
                columns.add(v);
            }
        }
        if (columns.isEmpty()) { // every activation constant: one column of zeros keeps the shapes
            columns.add(new double[n]);
        }
        double[][] rows = new double[n][columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            for (int i = 0; i < n; i++) {
                rows[i][c] = columns.get(c)[i];
            }
        }
        return rows;
    }

    private static float[] flatten(double[][] rows) {
        int cols = rows[0].length;
        float[] out = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = (float) rows[i][j];
            }
        }
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /**
     * Out-of-fold scores of ridge regressions of the one-hot labels on {@code z} with an intercept, one
     * array per strength of {@link #RIDGE} (times the mean variance of a column of the fold's training rows).
     * Each fold's normal equations come from the sums over all rows less the fold's own.
     */
    private double[][] crossValidatedRidge(double[][] z) {
        int n = z.length;
        int k = z[0].length;
        int classes = images.classes();
        int[] labels = images.labels();
        double[][] foldZz = new double[FOLDS][k * k];
        double[][] foldZy = new double[FOLDS][k * classes];
        double[][] foldZ = new double[FOLDS][k];
        double[][] foldY = new double[FOLDS][classes];
        int[] foldRows = new int[FOLDS];
        for (int i = 0; i < n; i++) {
            int f = i % FOLDS;
            double[] zi = z[i];
            double[] zz = foldZz[f];
            for (int p = 0; p < k; p++) {
                double zp = zi[p];
                int row = p * k;
                for (int q = 0; q <= p; q++) {
                    zz[row + q] += zp * zi[q];
                }
                foldZy[f][p * classes + labels[i]] += zp;
                foldZ[f][p] += zp;
            }
            foldY[f][labels[i]]++;
            foldRows[f]++;
        }
        double[][] out = new double[RIDGE.length][n * classes];
        for (int fold = 0; fold < FOLDS; fold++) {
            int rows = n - foldRows[fold];
            double[] meanZ = new double[k];
            double[] meanY = new double[classes];
            DMatrixRMaj a = new DMatrixRMaj(k, k);
            DMatrixRMaj b = new DMatrixRMaj(k, classes);
            for (int f = 0; f < FOLDS; f++) {
                if (f == fold) {
                    continue;
                }
                for (int p = 0; p < k; p++) {
                    meanZ[p] += foldZ[f][p] / rows;
                    for (int q = 0; q <= p; q++) {
                        a.data[p * k + q] += foldZz[f][p * k + q];
                    }
                    for (int c = 0; c < classes; c++) {
                        b.data[p * classes + c] += foldZy[f][p * classes + c];
                    }
                }
                for (int c = 0; c < classes; c++) {
                    meanY[c] += foldY[f][c] / rows;
                }
            }
            double trace = 0;
            for (int p = 0; p < k; p++) { // centred: sum (z - mz)(z - mz)^T = sum z z^T - rows mz mz^T, and likewise for y
                for (int q = 0; q <= p; q++) {
                    double v = a.data[p * k + q] - rows * meanZ[p] * meanZ[q];
                    a.data[p * k + q] = v;
                    a.data[q * k + p] = v;
                }
                for (int c = 0; c < classes; c++) {
                    b.data[p * classes + c] -= rows * meanZ[p] * meanY[c];
                }
                trace += a.data[p * k + p];
            }
            for (int r = 0; r < RIDGE.length; r++) {
                DMatrixRMaj regularised = a.copy();
                double lambda = RIDGE[r] * Math.max(trace / k, 1e-12);
                for (int p = 0; p < k; p++) {
                    regularised.data[p * k + p] += lambda;
                }
                DMatrixRMaj w = new DMatrixRMaj(k, classes);
                if (!CommonOps_DDRM.solve(regularised, b, w)) {
                    throw new IllegalStateException("the probe's ridge regression is singular");
                }
                for (int i = fold; i < n; i += FOLDS) {
                    for (int c = 0; c < classes; c++) {
                        double s = meanY[c];
                        for (int p = 0; p < k; p++) {
                            s += (z[i][p] - meanZ[p]) * w.data[p * classes + c];
                        }
                        out[r][i * classes + c] = s;
                    }
                }
            }
        }
        return out;
    }

    /** The fraction of the probe's images whose highest score is their label's (the lowest class among equal scores). */
    private double accuracy(double[] scores, int classes) {
        int[] labels = images.labels();
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i * classes + c] > scores[i * classes + best]) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                right++;
            }
        }
        return (double) right / labels.length;
    }
}

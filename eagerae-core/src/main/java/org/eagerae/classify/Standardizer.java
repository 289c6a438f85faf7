package org.eagerae.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Scales each feature to zero mean and unit variance with statistics of the training split only,
 * then applies the same scaling to other splits. Constant features are only centred.
 */
public final class Standardizer implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final float[] mean;
    private final float[] scale;

    private Standardizer(float[] mean, float[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /** The scaling stored as {@link #weights}: arrays {@link StateDict#MEAN} and {@link StateDict#SCALE} of {@code features} values. */
    public static Standardizer load(NDList weights, int features) {
        Shape shape = new Shape(features);
        return new Standardizer(StateDict.find(weights, StateDict.MEAN, shape).toFloatArray(),
                StateDict.find(weights, StateDict.SCALE, shape).toFloatArray());
    }

    /** The means and factors as named arrays in {@code target}. */
    public NDList weights(NDManager target) {
        Shape shape = new Shape(mean.length);
        return new NDList(StateDict.named(mean, shape, StateDict.MEAN, target), StateDict.named(scale, shape, StateDict.SCALE, target));
    }

    /** Learns the per-feature mean and standard deviation of {@code train}, reading it a row at a time. */
    public static Standardizer fit(Features train) {
        int n = train.rows();
        int d = train.cols();
        double[] sum = new double[d];
        double[] sq = new double[d];
        float[] row = new float[d];
        for (int r = 0; r < n; r++) {
            train.copyRow(r, row, 0);
            for (int c = 0; c < d; c++) {
                double x = row[c];
                sum[c] += x;
                sq[c] += x * x;
            }
        }
        float[] mean = new float[d];
        float[] scale = new float[d];
        for (int c = 0; c < d; c++) {
            double m = sum[c] / n;
            double var = Math.max(0, sq[c] / n - m * m);
            mean[c] = (float) m;
            scale[c] = var > 1e-12 ? (float) (1 / Math.sqrt(var)) : 1f;
        }
        return new Standardizer(mean, scale);
    }

    /**
     * The scalings of several feature blocks side by side, in list order: what {@link #fit} gives on
     * the blocks' columns placed side by side (each column's statistics are its own), without them.
     */
    public static Standardizer concat(List<Standardizer> parts) {
        int d = parts.stream().mapToInt(p -> p.mean.length).sum();
        float[] mean = new float[d];
        float[] scale = new float[d];
        int offset = 0;
        for (Standardizer p : parts) {
            System.arraycopy(p.mean, 0, mean, offset, p.mean.length);
            System.arraycopy(p.scale, 0, scale, offset, p.scale.length);
            offset += p.mean.length;
        }
        return new Standardizer(mean, scale);
    }

    /** The number of features. */
    public int size() {
        return mean.length;
    }

    /** Standardises {@code values}, rows of {@link #size()} features row-major, in place. */
    void applyInPlace(float[] values) {
        int d = mean.length;
        for (int row = 0; row < values.length; row += d) {
            for (int c = 0; c < d; c++) {
                values[row + c] = (values[row + c] - mean[c]) * scale[c];
            }
        }
    }

    /** The same scaling as engine arrays {@code (1, d)}, owned by {@code manager}: {@code (x - mean) * scale}. */
    NDArray[] asArrays(NDManager manager) {
        Shape shape = new Shape(1, mean.length);
        return new NDArray[] {manager.create(mean, shape), manager.create(scale, shape)};
    }

    /** The standardised copy of a matrix. */
    public FeatureMatrix apply(FeatureMatrix m) {
        int d = m.cols();
        if (d != mean.length) {
            throw new IllegalArgumentException("fitted on " + mean.length + " features, got " + d);
        }
        float[] out = m.values().clone();
        applyInPlace(out);
        return new FeatureMatrix(out, m.rows(), d);
    }
}

package org.eagerae.classify;

import java.util.List;

/**
 * Feature vectors, one row per image, stored row-major in the Java heap.
 *
 * @param values {@code rows * cols} values
 * @param rows   images
 * @param cols   features per image
 */
public record FeatureMatrix(float[] values, int rows, int cols) implements Features, java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public FeatureMatrix {
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException("values.length=" + values.length + " but rows=" + rows + " x cols=" + cols);
        }
    }

    /** Concatenates the columns of matrices with the same rows, in list order (member m00 first). */
    public static FeatureMatrix stack(List<FeatureMatrix> parts) {
        int rows = parts.get(0).rows();
        int cols = 0;
        for (FeatureMatrix p : parts) {
            if (p.rows() != rows) {
                throw new IllegalArgumentException("cannot stack " + p.rows() + " rows onto " + rows);
            }
            cols += p.cols();
        }
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            for (FeatureMatrix p : parts) {
                System.arraycopy(p.values(), r * p.cols(), out, offset, p.cols());
                offset += p.cols();
            }
        }
        return new FeatureMatrix(out, rows, cols);
    }

    @Override
    public void copyRow(int r, float[] dst, int offset) {
        System.arraycopy(values, r * cols, dst, offset, cols);
    }

    /** One row as a copy. */
    public float[] row(int r) {
        float[] out = new float[cols];
        System.arraycopy(values, r * cols, out, 0, cols);
        return out;
    }
}

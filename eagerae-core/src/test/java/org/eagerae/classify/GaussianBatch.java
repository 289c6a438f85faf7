package org.eagerae.classify;

import java.util.SplittableRandom;

/**
 * A batch of standard-normal feature vectors with uniformly drawn labels, for tests of heads.
 *
 * @param x      {@code rows x cols} values, row-major
 * @param labels one of {@code classes} per row
 */
record GaussianBatch(float[] x, int[] labels, int rows, int cols) {

    static GaussianBatch draw(long seed, int rows, int cols, int classes) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        int[] y = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < rows; i++) {
            y[i] = random.nextInt(classes);
        }
        return new GaussianBatch(x, y, rows, cols);
    }
}

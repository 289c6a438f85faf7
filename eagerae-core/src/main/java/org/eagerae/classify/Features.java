package org.eagerae.classify;

/**
 * Feature vectors, one row per image, read a row at a time: held in the Java heap
 * ({@link FeatureMatrix}) or in a file mapped into memory ({@link FeatureStore}), so that classifiers
 * never need the activations of all images and members as one array.
 */
public interface Features {

    /** Images. */
    int rows();

    /** Features per image. */
    int cols();

    /** Copies row {@code r} into {@code dst} at {@code offset}. */
    void copyRow(int r, float[] dst, int offset);
}

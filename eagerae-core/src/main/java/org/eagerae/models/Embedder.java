package org.eagerae.models;

import org.eagerae.classify.FeatureMatrix;

/** Turns images into feature vectors: a saved model's embedding, or the members' encoders at an epoch. */
public interface Embedder extends AutoCloseable {

    /** The images it reads. */
    InputFormat input();

    /** Length of one image's feature vector. */
    int embeddingSize();

    /** The feature vectors of whole images given one after the other in {@link #input()}'s shape. */
    FeatureMatrix embed(float[] pixels);

    @Override
    void close();
}

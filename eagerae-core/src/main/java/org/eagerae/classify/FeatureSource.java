package org.eagerae.classify;

import ai.djl.ndarray.NDManager;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;

/**
 * What turns images into the feature vectors a head reads: a member's encoder (its activations,
 * flattened), or the identity (the images' pixels, flattened: the same tensors an encoder receives),
 * which {@code raw-pixels} reads.
 */
public interface FeatureSource {

    /** Features per image. */
    int size();

    /** The features of the images {@code order[from .. from+n)}, {@code n x size()} row-major. */
    float[] features(Inputs images, int[] order, int from, int n);

    /** An encoder's flattened activations; its arrays of a batch are freed with the batch. */
    static FeatureSource encoder(Cae cae) {
        return encoder(cae, FeaturePooling.NONE);
    }

    /** An encoder's activations pooled by {@code pooling}; its arrays of a batch are freed with the batch. */
    static FeatureSource encoder(Cae cae, FeaturePooling pooling) {
        return new FeatureSource() {
            @Override
            public int size() {
                return pooling.size(cae.spec());
            }

            @Override
            public float[] features(Inputs images, int[] order, int from, int n) {
                try (NDManager scratch = cae.manager().newSubManager()) {
                    return pooling.pools() ? pooling.features(cae.encodeMaps(images.batch(scratch, order, from, n))).toFloatArray()
                            : cae.encode(images.batch(scratch, order, from, n)).toFloatArray();
                }
            }
        };
    }

    /** The pixels of images of {@code spec}'s shape, flattened (channel planes one after the other), as they are. */
    static FeatureSource pixels(CaeSpec spec) {
        return new FeatureSource() {
            @Override
            public int size() {
                return spec.imageSize();
            }

            @Override
            public float[] features(Inputs images, int[] order, int from, int n) {
                try (NDManager scratch = NDManager.newBaseManager()) {
                    return images.batch(scratch, order, from, n).toFloatArray();
                }
            }
        };
    }
}

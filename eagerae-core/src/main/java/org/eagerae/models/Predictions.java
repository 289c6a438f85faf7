package org.eagerae.models;

/**
 * A model's verdict on a batch of images.
 *
 * @param classes       the predicted class of each image
 * @param probabilities {@code images x classCount} values, row-major: the classifier's softmax; for a
 *                      soft vote the members' mean; for a hard vote each class's share of the members' votes
 * @param classCount    number of classes
 */
public record Predictions(int[] classes, float[] probabilities, int classCount) {

    public Predictions {
        if (probabilities.length != (long) classes.length * classCount) {
            throw new IllegalArgumentException("probabilities.length=" + probabilities.length + " but " + classes.length + " images x "
                    + classCount + " classes");
        }
    }

    /** Number of images. */
    public int size() {
        return classes.length;
    }

    /** Image {@code i}'s probabilities, one per class. */
    public float[] row(int i) {
        float[] out = new float[classCount];
        System.arraycopy(probabilities, i * classCount, out, 0, classCount);
        return out;
    }
}

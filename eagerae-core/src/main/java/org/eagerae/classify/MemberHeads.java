package org.eagerae.classify;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.Serializable;
import java.util.List;

/**
 * What one member's part of the classifier phase ({@link MemberClassifierJob}) gives back to the classification: each of
 * its heads' weights and probabilities, its principal components, and, when a stacked head is trained, what that head
 * needs of the member to train. The member's activations stay where they were computed.
 *
 * @param member          the member
 * @param components      its principal components; null when the heads read every feature
 * @param featureSeconds  seconds to compute its activations and components
 * @param headSeconds     seconds to train its heads, after that
 * @param heads           its heads, in the job's order
 * @param forStacking     what the stacked head needs of it; null when no stacked head is trained
 */
public record MemberHeads(int member, PrincipalComponents components, double featureSeconds, double headSeconds, List<Head> heads,
        ForStacking forStacking) implements Serializable {

    private static final long serialVersionUID = 1L;

    public MemberHeads {
        heads = List.copyOf(heads);
    }

    /**
     * One trained head.
     *
     * @param task                    which head
     * @param weights                 its weights as a saved model holds them ({@link FeatureHead#weights}), encoded by {@link NDList#encode}
     * @param testProbabilities       its class probabilities of the test split, row-major
     * @param validationProbabilities its class probabilities of the validation split, row-major
     * @param epochs                  epochs trained
     * @param bestValAccuracy         the kept epoch's validation accuracy
     */
    public record Head(ClassifierTask task, byte[] weights, float[] testProbabilities, float[] validationProbabilities, int epochs,
            double bestValAccuracy) implements Serializable {

        private static final long serialVersionUID = 1L;

        /** The weights, decoded into {@code manager}. */
        public NDList weights(NDManager manager) {
            return NDList.decode(manager, weights);
        }
    }

    /**
     * What the stacked head needs of one member to train: its standardisation and its coordinates along its principal
     * components (training and validation splits). Its activations stay where they were computed; the stacked head's
     * probabilities are computed there too ({@link MemberClassifiers#stackedProbabilities}).
     *
     * @param standardizer          the member's standardisation, fitted on its training activations
     * @param trainCoordinates      the training split along the components
     * @param validationCoordinates the validation split along the components
     * @param features              activations per image
     * @param testRows              the test split's images
     */
    public record ForStacking(Standardizer standardizer, FeatureMatrix trainCoordinates, FeatureMatrix validationCoordinates, int features,
            int testRows) implements Serializable {

        private static final long serialVersionUID = 1L;

        /** The member's features as the stacked head trains on them: its activations are not here, and reading them throws. */
        EncoderFeatures features(PrincipalComponents components) {
            Elsewhere train = new Elsewhere(trainCoordinates.rows(), features);
            return new EncoderFeatures(train, new Elsewhere(validationCoordinates.rows(), features), new Elsewhere(testRows, features),
                    standardizer, new EncoderFeatures.Principal(components, trainCoordinates, validationCoordinates), train);
        }
    }

    /** The shape of activations kept where they were computed. */
    private record Elsewhere(int rows, int cols) implements Features {
        @Override
        public void copyRow(int r, float[] dst, int offset) {
            throw new IllegalStateException("the members' activations stay where their heads were trained; the stacked head trains on"
                    + " their principal components");
        }
    }
}

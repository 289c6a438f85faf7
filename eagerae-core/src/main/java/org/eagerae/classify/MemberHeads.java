package org.eagerae.classify;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.Serializable;
import java.util.List;

/**
 * What one member's part of the classifier phase ({@link MemberClassifierJob}) gives back to the classification: each of
 * its heads' weights and probabilities, its principal components, and, when a stacked head is trained, what that head
 * needs of the member. The member's activations of the training split stay where they were computed.
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
     * What the stacked head needs of one member: its standardisation and its coordinates along its principal components
     * (training and validation splits) to train on, and its activations of the validation and test splits, which the
     * stacked head's folded first layer reads as a saved model does.
     *
     * @param standardizer          the member's standardisation, fitted on its training activations
     * @param trainCoordinates      the training split along the components
     * @param validationCoordinates the validation split along the components
     * @param validation            the activations of the validation split
     * @param test                  the activations of the test split
     * @param trainRows             the training split's images
     */
    public record ForStacking(Standardizer standardizer, FeatureMatrix trainCoordinates, FeatureMatrix validationCoordinates,
            FeatureMatrix validation, FeatureMatrix test, int trainRows) implements Serializable {

        private static final long serialVersionUID = 1L;

        /**
         * The member's features as the stacked head reads them, its validation and test activations copied into
         * {@code store}: the training activations are not here, and reading them throws.
         */
        EncoderFeatures features(PrincipalComponents components, FeatureStore store) {
            return new EncoderFeatures(new Elsewhere(trainRows, validation.cols()), stored(validation, store), stored(test, store),
                    standardizer, new EncoderFeatures.Principal(components, trainCoordinates, validationCoordinates));
        }

        private static Features stored(FeatureMatrix rows, FeatureStore store) {
            FeatureStore.Matrix out = store.matrix(rows.rows(), rows.cols());
            out.put(0, rows.values());
            return out;
        }
    }

    /** The shape of activations kept where they were computed. */
    private record Elsewhere(int rows, int cols) implements Features {
        @Override
        public void copyRow(int r, float[] dst, int offset) {
            throw new IllegalStateException("the training activations stay where the member's heads were trained; the stacked head"
                    + " reads their principal components");
        }
    }
}

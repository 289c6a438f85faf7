package org.eagerae.classify;

import ai.djl.ndarray.NDList;
import java.util.List;
import org.eagerae.run.CheckpointChoice;

/**
 * A classifier that {@link Classification} has just trained (or a vote it has just formed), with
 * what a saved model needs: the checkpoints it reads, its weights, its settings and its accuracy.
 *
 * @param method             how it classifies
 * @param member             the member of a per-member classifier; -1 for one over all members or none
 * @param head               which of K heads with different seeds on the same features ({@link ClassifierTask#head()}); 0 but for the
 *                           controls' extra heads
 * @param checkpoints        the checkpoints whose encoders it uses (for fine-tuning: started from), member order
 * @param parts              for a vote: the saved names of the per-member classifiers it combines
 * @param weights            named arrays ({@link StateDict} names); empty for a vote. Owned by the caller.
 * @param options            the classifier's settings
 * @param testAccuracy       accuracy on the test split
 * @param validationAccuracy accuracy on the validation split (for a vote: of the vote)
 */
public record TrainedClassifier(Method method, int member, int head, List<CheckpointChoice> checkpoints, List<String> parts,
        NDList weights, ClassifierOptions options, double testAccuracy, Double validationAccuracy) {

    public TrainedClassifier {
        checkpoints = List.copyOf(checkpoints);
        parts = List.copyOf(parts);
    }

    /** This classifier with {@code newWeights} and {@code newParts} (a held classifier's copy, or its parts' saved names). */
    public TrainedClassifier with(NDList newWeights, List<String> newParts) {
        return new TrainedClassifier(method, member, head, checkpoints, newParts, newWeights, options, testAccuracy, validationAccuracy);
    }
}

package org.eagerae.classify;

import org.eagerae.run.CheckpointSelection;

import java.util.List;

/**
 * One method's result on the test set, as stored in {@code classify.json}.
 *
 * @param method            how the test images were classified
 * @param selection         how checkpoints were chosen: {@code epoch E} or {@code budget S s}
 * @param memberEpochs      the epoch of each member's checkpoint
 * @param accuracy          test accuracy (for {@code single} and {@code fine-tune}: the members' mean)
 * @param memberAccuracies  for {@code single} and {@code fine-tune}: each member's test accuracy
 * @param perClassAccuracy  test accuracy per class (for per-member methods: of the best member)
 * @param confusion         confusion matrix {@code [true][predicted]} (same member as above)
 * @param featureSeconds    seconds from the start to the last member's encoder activations
 * @param classifierSeconds seconds from then to the end of the method's last classifier (classifiers may start
 *                          earlier, beside other members' activations); their sum is the method's wall time
 * @param diversity         for votes: how the members' classifiers disagree and what the vote makes of it;
 *                          null for other methods
 * @param models            the saved models that made these predictions: one, or for per-member
 *                          methods one per member (member order); empty when none was saved
 */
public record ClassificationResult(Method method, CheckpointSelection selection, List<Integer> memberEpochs, double accuracy,
        List<Double> memberAccuracies, double[] perClassAccuracy, int[][] confusion, double featureSeconds,
        double classifierSeconds, Diversity diversity, List<String> models) {

    public ClassificationResult {
        models = models == null ? List.of() : List.copyOf(models);
    }
}

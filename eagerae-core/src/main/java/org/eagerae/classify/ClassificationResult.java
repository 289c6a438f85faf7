package org.eagerae.classify;

import java.util.List;

/**
 * One method's result on the test set, as stored in {@code classify.json}.
 *
 * @param method            {@code single}, {@code stacked}, {@code soft-vote}, {@code hard-vote}, {@code fine-tune}
 *                          or {@code fine-tune-vote}
 * @param selection         how checkpoints were chosen: {@code epoch E} or {@code budget S s}
 * @param memberEpochs      the epoch of each member's checkpoint
 * @param accuracy          test accuracy (for {@code single} and {@code fine-tune}: the members' mean)
 * @param memberAccuracies  for {@code single} and {@code fine-tune}: each member's test accuracy
 * @param perClassAccuracy  test accuracy per class (for per-member methods: of the best member)
 * @param confusion         confusion matrix {@code [true][predicted]} (same member as above)
 * @param featureSeconds    seconds spent computing encoder activations
 * @param classifierSeconds seconds spent training classifiers
 * @param diversity         for votes: how the members' classifiers disagree and what the vote makes of it;
 *                          null for other methods
 */
public record ClassificationResult(String method, String selection, List<Integer> memberEpochs, double accuracy,
        List<Double> memberAccuracies, double[] perClassAccuracy, int[][] confusion, double featureSeconds,
        double classifierSeconds, Diversity diversity) {}

package org.eagerae.classify;

/**
 * How a method did at one epoch of the members when {@code classify --epoch best} tried it: the
 * validation accuracy, which chooses the epoch, and the test accuracy, which is only reported (for
 * later analysis of what the choice cost) and never compared.
 *
 * @param epoch              the members' epoch (0: their initial weights)
 * @param validationAccuracy the method's accuracy on the validation split at that epoch
 * @param testAccuracy       its accuracy on the test split at that epoch
 */
public record EpochScore(int epoch, double validationAccuracy, double testAccuracy) {}

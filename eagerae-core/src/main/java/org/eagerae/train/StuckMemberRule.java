package org.eagerae.train;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eagerae.InvalidInputException;

/**
 * Recognises a member that has learnt nothing: with the paper's architecture some seeds leave every
 * unit of the code dead, and the autoencoder outputs one constant per channel, whose loss is
 * {@link ConstantOutputLoss}. Such a member's validation loss stays at about that baseline (slightly
 * above it, as its sigmoid output only approaches the mean) while a useful member, even a slow one, is
 * well below it within a few epochs or at least still falling fast. The rule fires after an epoch whose
 * validation loss is at or above {@code (1 - margin) x baseline} and improved on the previous epoch's by
 * less than {@code minImprovement} (relative), once the member has had {@code minSteps} optimiser steps:
 * an epoch of a few batches says too little.
 *
 * @param baseline       the constant-output loss of the validation split
 * @param margin         how far below the baseline a member must be to count as learning (relative)
 * @param minImprovement the relative improvement per epoch a member near the baseline must still make
 * @param stepsPerEpoch  optimiser steps (batches) in one of the member's epochs
 * @param minSteps       steps a member trains before the rule judges it
 */
public record StuckMemberRule(double baseline, double margin, double minImprovement, int stepsPerEpoch, int minSteps) {

    /** How often a member is started again at most; a member still stuck after that trains on as it is. */
    public static final int MAX_RESTARTS = 3;

    /** Defaults measured on MNIST: 5 % below the baseline, or improving by at least 10 % per epoch. */
    public static final double DEFAULT_MARGIN = 0.05;
    /** See {@link #DEFAULT_MARGIN}. */
    public static final double DEFAULT_MIN_IMPROVEMENT = 0.10;
    /** Two epochs of MNIST-small (48 batches each) before judging; every stuck member measured was found at epoch 3. */
    public static final int DEFAULT_MIN_STEPS = 96;

    public StuckMemberRule {
        if (!(baseline > 0) || !(margin >= 0 && margin < 1) || !(minImprovement > 0 && minImprovement < 1) || stepsPerEpoch < 1
                || minSteps < 0) {
            throw new InvalidInputException("stuck-member rule needs baseline > 0, 0 <= margin < 1, 0 < min improvement < 1,"
                    + " steps per epoch >= 1 and min steps >= 0; got " + baseline + ", " + margin + ", " + minImprovement + ", "
                    + stepsPerEpoch + ", " + minSteps);
        }
    }

    /**
     * The rule with the default margin, improvement and steps, for a validation split whose constant-output loss is
     * {@code baseline} and a member that takes {@code stepsPerEpoch} steps an epoch.
     */
    public static StuckMemberRule withDefaults(double baseline, int stepsPerEpoch) {
        return new StuckMemberRule(baseline, DEFAULT_MARGIN, DEFAULT_MIN_IMPROVEMENT, stepsPerEpoch, DEFAULT_MIN_STEPS);
    }

    /**
     * @param history the member's epochs so far, oldest first
     * @return why the member counts as stuck after its last epoch, or empty
     */
    public Optional<String> stuck(List<EpochRecord> history) {
        if (history.size() < 2 || (long) history.size() * stepsPerEpoch < minSteps) {
            return Optional.empty();
        }
        double previous = history.get(history.size() - 2).valLoss();
        double current = history.get(history.size() - 1).valLoss();
        double improvement = (previous - current) / previous;
        if (current >= (1 - margin) * baseline && improvement < minImprovement) {
            return Optional.of(String.format(Locale.ROOT,
                    "stuck: validation loss %.5f after epoch %d is %.2fx the constant-output loss %.5f and improved %.1f%% on the epoch before",
                    current, history.size(), current / baseline, baseline, 100 * improvement));
        }
        return Optional.empty();
    }
}

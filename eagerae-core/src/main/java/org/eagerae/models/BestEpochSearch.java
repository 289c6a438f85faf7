package org.eagerae.models;

import java.util.List;
import org.eagerae.InvalidSettingException;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;

/**
 * Which epochs {@code classify --epoch best} tries before it chooses, per method, the one whose classifiers
 * do best on the validation split ({@link ModelTraining#classifyBest}): every epoch all members have, 0
 * (their initial weights) included, narrowed by a training budget and a range.
 *
 * @param budgetSeconds null, or only the epochs that every member reached within this many seconds of its
 *                      own training ({@code --budget} with {@code --epoch best})
 * @param from          null, or the first epoch to try
 * @param to            null, or the last epoch to try
 */
public record BestEpochSearch(Double budgetSeconds, Integer from, Integer to) {

    public BestEpochSearch {
        if (budgetSeconds != null) {
            InvalidSettingException.require(budgetSeconds > 0, "budgetSeconds", "must be a positive number of seconds", budgetSeconds);
        }
    }

    /** Every epoch the run has. */
    public static BestEpochSearch everyEpoch() {
        return new BestEpochSearch(null, null, null);
    }

    /** The epochs to try, in order; an error when there are none ({@link CheckpointSelection.BestOnValidation#candidates}). */
    public List<Integer> candidates(RunDirectory run) {
        return CheckpointSelection.BestOnValidation.candidates(run, budgetSeconds, from, to);
    }

    /** The selection of {@code epoch} when it is the one chosen. */
    public CheckpointSelection.BestOnValidation at(int epoch) {
        return new CheckpointSelection.BestOnValidation(epoch, budgetSeconds);
    }
}

package org.eagerae.train;

import org.eagerae.InvalidSettingException;

/**
 * How members train: optimiser settings, the epoch cap, the stopping rule, and whether a member
 * that learnt nothing is started again.
 *
 * @param batchSize    images per batch (the paper: 100)
 * @param learningRate Adam's step size
 * @param maxEpochs    no member trains more epochs than this
 * @param stop         the stopping rule checked after every epoch
 * @param bootstrap    each member trains on its own bootstrap resample of the training split
 * @param restartStuck a member that the {@link StuckMemberRule} finds stuck at a constant output is
 *                     started again from a fresh seed (at most {@link StuckMemberRule#MAX_RESTARTS} times);
 *                     false in runs made before this setting existed
 */
public record TrainingOptions(int batchSize, float learningRate, int maxEpochs, StoppingRule stop, boolean bootstrap,
        boolean restartStuck) {

    public TrainingOptions {
        InvalidSettingException.require(batchSize >= 1, "batchSize", "must be >= 1", batchSize);
        InvalidSettingException.require(learningRate > 0 && Float.isFinite(learningRate), "learningRate", "must be a finite number > 0",
                learningRate);
        InvalidSettingException.require(maxEpochs >= 1, "maxEpochs", "must be >= 1", maxEpochs);
    }

    /** Options without restarts of stuck members, as the paper trained. */
    public TrainingOptions(int batchSize, float learningRate, int maxEpochs, StoppingRule stop, boolean bootstrap) {
        this(batchSize, learningRate, maxEpochs, stop, bootstrap, false);
    }

    /** The paper's settings: batch 100, Adam at 1e-3, no bagging; stuck members restarted or not. */
    public static TrainingOptions paper(int maxEpochs, StoppingRule stop, boolean restartStuck) {
        return new TrainingOptions(100, 1e-3f, maxEpochs, stop, false, restartStuck);
    }
}

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

    /** The paper's settings for {@code maxEpochs} epochs: batch 100, Adam at 1e-3, no stopping rule, no bagging, no restarts. */
    public static TrainingOptions paper(int maxEpochs) {
        return new TrainingOptions(100, 1e-3f, maxEpochs, new StoppingRule.None(), false, false);
    }

    /** A copy with {@code images} per batch. */
    public TrainingOptions withBatchSize(int images) {
        return new TrainingOptions(images, learningRate, maxEpochs, stop, bootstrap, restartStuck);
    }

    /** A copy with Adam's step size {@code rate}. */
    public TrainingOptions withLearningRate(float rate) {
        return new TrainingOptions(batchSize, rate, maxEpochs, stop, bootstrap, restartStuck);
    }

    /** A copy with the epoch cap {@code epochs}. */
    public TrainingOptions withMaxEpochs(int epochs) {
        return new TrainingOptions(batchSize, learningRate, epochs, stop, bootstrap, restartStuck);
    }

    /** A copy with the stopping rule {@code rule}. */
    public TrainingOptions withStop(StoppingRule rule) {
        return new TrainingOptions(batchSize, learningRate, maxEpochs, rule, bootstrap, restartStuck);
    }

    /** A copy in which each member trains on its own bootstrap resample, or not. */
    public TrainingOptions withBootstrap(boolean resample) {
        return new TrainingOptions(batchSize, learningRate, maxEpochs, stop, resample, restartStuck);
    }

    /** A copy in which stuck members are started again from a fresh seed, or not. */
    public TrainingOptions withRestartStuck(boolean restart) {
        return new TrainingOptions(batchSize, learningRate, maxEpochs, stop, bootstrap, restart);
    }
}

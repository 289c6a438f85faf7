package org.eagerae.train;

import org.eagerae.InvalidInputException;

/**
 * How members train: optimiser settings, the epoch cap and the stopping rule.
 *
 * @param batchSize    images per batch (the paper: 100)
 * @param learningRate Adam's step size
 * @param maxEpochs    no member trains more epochs than this
 * @param stop         the stopping rule checked after every epoch
 * @param bootstrap    each member trains on its own bootstrap resample of the training split
 */
public record TrainingOptions(int batchSize, float learningRate, int maxEpochs, StoppingRule stop, boolean bootstrap) {

    public TrainingOptions {
        if (batchSize < 1) {
            throw new InvalidInputException("--batch-size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new InvalidInputException("--learning-rate must be a finite number > 0, got " + learningRate);
        }
        if (maxEpochs < 1) {
            throw new InvalidInputException("--epochs must be >= 1, got " + maxEpochs);
        }
    }

    /** The paper's settings: batch 100, Adam at 1e-3, no bagging. */
    public static TrainingOptions paper(int maxEpochs, StoppingRule stop) {
        return new TrainingOptions(100, 1e-3f, maxEpochs, stop, false);
    }
}

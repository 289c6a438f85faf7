package org.eagerae.classify;

import org.eagerae.InvalidInputException;

/**
 * How classifiers train.
 *
 * @param hidden       units of the hidden layer; 0 = logistic regression
 * @param learningRate Adam's step size
 * @param batchSize    examples per batch
 * @param maxEpochs    the epoch cap
 * @param patience     epochs without a better validation accuracy before stopping (the best epoch is kept)
 * @param seed         initial weights and batch order
 */
public record ClassifierOptions(int hidden, float learningRate, int batchSize, int maxEpochs, int patience, long seed) {

    public ClassifierOptions {
        if (hidden < 0 || !(learningRate > 0) || batchSize < 1 || maxEpochs < 1 || patience < 1) {
            throw new InvalidInputException("classifier options: hidden >= 0, learning rate > 0, batch, epochs and patience >= 1; got "
                    + hidden + ", " + learningRate + ", " + batchSize + ", " + maxEpochs + ", " + patience);
        }
    }

    /** An MLP with 256 hidden units, Adam 1e-3, batch 100, up to 40 epochs, patience 5. */
    public static ClassifierOptions defaults(long seed) {
        return new ClassifierOptions(256, 1e-3f, 100, 40, 5, seed);
    }

    /** Settings for end-to-end fine-tuning: the same optimiser with more patience (the encoder keeps improving slowly). */
    public ClassifierOptions forFineTuning() {
        return new ClassifierOptions(hidden, learningRate, batchSize, maxEpochs, Math.max(patience, 8), seed);
    }
}

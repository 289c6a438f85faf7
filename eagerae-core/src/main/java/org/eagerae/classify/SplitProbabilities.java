package org.eagerae.classify;

import java.io.Serializable;

/**
 * A classifier's class probabilities of the test and validation splits, {@code rows x classes}, row-major.
 *
 * @param test       of the test split
 * @param validation of the validation split
 */
public record SplitProbabilities(float[] test, float[] validation) implements Serializable {

    private static final long serialVersionUID = 1L;
}

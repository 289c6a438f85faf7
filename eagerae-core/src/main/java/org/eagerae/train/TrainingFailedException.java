package org.eagerae.train;

/** Training of a member could not go on, e.g. its loss became NaN. */
public class TrainingFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingFailedException(String message) {
        super(message);
    }
}

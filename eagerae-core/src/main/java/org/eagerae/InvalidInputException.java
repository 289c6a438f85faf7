package org.eagerae;

/**
 * Bad input from the user: a malformed data file, an impossible option, a run directory that
 * must not be touched. The message is one line that says what is wrong and where; the CLI prints
 * it and exits with code 2, and nothing has been written.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

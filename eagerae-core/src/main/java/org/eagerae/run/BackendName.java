package org.eagerae.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.eagerae.InvalidInputException;

/**
 * The name of a backend that runs member jobs: {@link #INLINE} and {@link #PROCESSES} are built in,
 * others (such as {@code spark}) come from modules on the class path. A value, not a string that
 * several places compare: it is checked once, here, and written to {@code run.json} as its plain name.
 *
 * @param value the name: lower-case letters, digits and dashes
 */
public record BackendName(@JsonValue String value) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    /** Members one after the other in this JVM. */
    public static final BackendName INLINE = new BackendName("inline");
    /** Members in worker processes, one JVM each. */
    public static final BackendName PROCESSES = new BackendName("processes");

    @JsonCreator
    public BackendName {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new InvalidInputException("a backend name is lower-case letters, digits and dashes, got '" + value + "'");
        }
    }

    /** The backend named {@code value}. */
    public static BackendName of(String value) {
        return new BackendName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package org.eagerae.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The worker protocol's encoding: one JSON object per line, {@link WorkerCommand}s to a worker and
 * {@link WorkerEvent}s back, typed by their {@code type} field. Strings are JSON-escaped, so paths
 * with newlines travel intact. Reading is strict: a line that is not exactly a known message is a
 * {@link ProtocolException}.
 */
final class Protocol {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The worker broke the protocol: a line that is no message, or a message that does not belong. */
    static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    private Protocol() {}

    /** A message as one line, without the line end. */
    static String line(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
    }

    /** Decodes an event line. */
    static WorkerEvent event(String line) throws ProtocolException {
        return read(line, WorkerEvent.class);
    }

    /** Decodes a command line. */
    static WorkerCommand command(String line) throws ProtocolException {
        return read(line, WorkerCommand.class);
    }

    private static <T> T read(String line, Class<T> type) throws ProtocolException {
        try {
            return JSON.readValue(line, type);
        } catch (JsonProcessingException e) {
            String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
            throw new ProtocolException("a line that is not a " + type.getSimpleName() + " ('" + shown + "': "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
    }
}

package org.eagerae.worker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The last lines a worker wrote on standard error, and the one among them that says why it died:
 * the JVM's own complaint when it could not start ({@code Unrecognized option: -Xbogus},
 * {@code Error: Could not find or load main class ...}), an uncaught exception, an error the worker
 * logged, or the worker's own last word ({@code worker: ...; exiting}). Warnings, the worker's
 * start-up timings, stack frames and the JVM's closing boilerplate are passed over.
 */
final class WorkerErrors {

    /** Lines kept: enough for a stack trace with its causes. */
    private static final int KEPT = 200;

    /** Lines that never say why: warnings, timings, stack frames, and what the JVM adds after its real complaint. */
    private static final List<Pattern> NOISE = List.of(
            Pattern.compile("^\\s*$"),
            Pattern.compile("^WARN "), // the worker's own warnings (WorkerLog)
            Pattern.compile("^worker: .*, [0-9.]+ s after spawn$"), // start-up timings (WorkerMain)
            Pattern.compile("^\\s+at "), Pattern.compile("^\\s*\\.\\.\\. \\d+ (more|common frames omitted)"),
            Pattern.compile("^\\[[0-9.]+s\\]\\[(warning|info)\\]"), // the JVM's unified logging below errors
            Pattern.compile("VM warning: "),
            Pattern.compile("^\\[W[0-9]"), Pattern.compile("AutoNonVariableTypeMode"), // the engine's native warnings
            Pattern.compile("^Error: Could not create the Java Virtual Machine\\.$"),
            Pattern.compile("^Error: A fatal exception has occurred\\. Program will exit\\.$"));

    private static final String CAUSED_BY = "Caused by: ";

    private final Deque<String> lines = new ArrayDeque<>();

    /** Keeps one more line of the worker's standard error. */
    synchronized void add(String line) {
        if (lines.size() == KEPT) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** Forgets the lines so far: they belong to a job that went well. */
    synchronized void clear() {
        lines.clear();
    }

    /** The line of those kept that says why the worker failed, if one does. */
    synchronized Optional<String> why() {
        return why(new ArrayList<>(lines));
    }

    /**
     * The last line of {@code lines} that is not noise; when it is the root cause of an exception
     * ({@code Caused by: ...}), the exception's own line with that cause in brackets, unless that
     * line is the JVM's own {@code Error: ...}, which says it better alone.
     */
    static Optional<String> why(List<String> lines) {
        String cause = null;
        for (int i = lines.size() - 1; i >= 0; i--) {
            String raw = lines.get(i);
            if (NOISE.stream().anyMatch(p -> p.matcher(raw).find())) {
                continue;
            }
            String line = raw.strip();
            if (line.startsWith(CAUSED_BY)) {
                if (cause == null) {
                    cause = line.substring(CAUSED_BY.length());
                }
                continue;
            }
            if (cause == null || line.startsWith("Error: ")) {
                return Optional.of(line);
            }
            return Optional.of(line + " (caused by " + cause + ")");
        }
        return Optional.ofNullable(cause);
    }
}

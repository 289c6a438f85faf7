package org.eagerae.spark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A test hook that makes an executor fail on purpose, so that tests can check what a lost
 * executor or a failing member does to a run. Read only in executors, from the system property
 * {@value #PROPERTY} (the driver passes it on when it is set there); normal runs never set it.
 * Its value is a comma-separated list of {@code KIND:MEMBER:EPOCH}:
 * <ul>
 *   <li>{@code exit}: on the member's first attempt, after the first batch of that epoch, the
 *       executor JVM halts at once, as if killed;</li>
 *   <li>{@code throw}: when the member finishes that epoch, its training throws, on every attempt.</li>
 * </ul>
 *
 * @param faults the faults armed
 */
record ExecutorFault(List<Fault> faults) {

    /** The system property that arms the hook. */
    static final String PROPERTY = "eagerae.test.executor-fault";

    /** What a faulty executor does. */
    enum Kind { EXIT, THROW }

    /** One armed fault. */
    record Fault(Kind kind, int member, int epoch) {

        static Fault parse(String text) {
            String[] parts = text.trim().split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException(PROPERTY + " takes KIND:MEMBER:EPOCH items, got " + text);
            }
            return new Fault(Kind.valueOf(parts[0].toUpperCase(Locale.ROOT)), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }
    }

    /** The faults armed in this JVM; none when the property is not set. */
    static ExecutorFault fromSystemProperties() {
        String value = System.getProperty(PROPERTY);
        return new ExecutorFault(value == null || value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(Fault::parse).toList());
    }

    /** Halts this JVM after the first batch of an armed epoch, on the member's first attempt. */
    void afterBatch(int member, int epoch, int batch, int attempt) {
        if (attempt == 0 && batch == 1 && armed(Kind.EXIT, member, epoch)) {
            System.err.println("eagerae test fault: halting executor during member " + member + "'s epoch " + epoch);
            Runtime.getRuntime().halt(137);
        }
    }

    /** Throws after an armed epoch. */
    void afterEpoch(int member, int epoch) {
        if (armed(Kind.THROW, member, epoch)) {
            throw new IllegalStateException("test fault: member " + member + " throws after epoch " + epoch);
        }
    }

    private boolean armed(Kind kind, int member, int epoch) {
        return faults.stream().anyMatch(f -> f.kind() == kind && f.member() == member && f.epoch() == epoch);
    }
}

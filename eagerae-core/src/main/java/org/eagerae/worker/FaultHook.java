package org.eagerae.worker;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eagerae.train.EpochRecord;

/**
 * A test hook that makes a worker break the protocol on purpose, so that tests can check that
 * the coordinator ends such a worker and fails only its member. Read only by worker processes,
 * from the system property {@value #PROPERTY} (which the coordinator passes on to its workers);
 * without it, nothing happens. Its value is a comma-separated list of {@code KIND:MEMBER:EPOCH}:
 * <ul>
 *   <li>{@code stray-line}: once the worker has reported that member's epoch, it sends a line that is not a message;</li>
 *   <li>{@code foreign-job}: once it has reported that epoch, it sends a well-formed event of another job;</li>
 *   <li>{@code stall}: once it has reported the first batch of that epoch, it stops for ten minutes, so that
 *       a test can kill it in the middle of the epoch.</li>
 * </ul>
 *
 * @param faults the faults armed (none in normal runs)
 */
public record FaultHook(List<Fault> faults) {

    /** The system property that arms the hook. */
    public static final String PROPERTY = "eagerae.test.worker-fault";

    /** What a faulty worker does. */
    enum Kind { STRAY_LINE, FOREIGN_JOB, STALL }

    /** One armed fault: what to do after which member's epoch. */
    record Fault(Kind kind, int member, int epoch) {

        static Fault parse(String text) {
            String[] parts = text.trim().split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException(PROPERTY + " takes KIND:MEMBER:EPOCH items, got " + text);
            }
            return new Fault(Kind.valueOf(parts[0].toUpperCase(Locale.ROOT).replace('-', '_')), Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]));
        }
    }

    /** The faults the system property arms; none when it is not set. */
    static FaultHook fromSystemProperties() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return new FaultHook(List.of());
        }
        return new FaultHook(Arrays.stream(value.split(",")).map(Fault::parse).toList());
    }

    /** Breaks the protocol as armed for this member's epoch, if at all. */
    void afterEpoch(long job, EpochRecord record, WorkerMain.Events events) {
        for (Fault fault : faults) {
            if (fault.member() == record.member() && fault.epoch() == record.epoch()) {
                switch (fault.kind()) {
                    case STRAY_LINE -> events.sendLine("{\"note\": \"a stray line on the event stream\"}");
                    case FOREIGN_JOB -> events.send(new WorkerEvent.Warning(job + 1, record.member(), "an event of another job"));
                    default -> { }
                }
            }
        }
    }

    /** Stalls in the middle of an epoch, as armed. */
    void afterBatch(int member, int epoch, int batch) {
        for (Fault fault : faults) {
            if (fault.kind() == Kind.STALL && fault.member() == member && fault.epoch() == epoch && batch == 1) {
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

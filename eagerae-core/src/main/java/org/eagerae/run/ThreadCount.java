package org.eagerae.run;

import java.util.Optional;
import org.eagerae.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rule for how many threads a process may be given (a member's intra-op threads, the
 * threads that apply a model): at least 1, and at most {@link #MAX_PER_PROCESSOR} per processor it
 * runs on. More threads than processors is allowed, with a warning; far more only thrashes (100,000
 * threads grew a JVM to 30,000 threads until the system killed it), so it is refused before
 * anything is written. Training checks a member's threads against the processors of the backend
 * that runs it ({@code org.eagerae.ensemble.Training}); the other commands against this JVM's.
 */
public final class ThreadCount {

    /** The most threads per processor. */
    public static final int MAX_PER_PROCESSOR = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ThreadCount.class);

    private ThreadCount() {}

    /**
     * Checks {@code threads} threads on {@code processors} processors.
     *
     * @param setting    the setting that gives the count, as the library names it ({@code threads}), for the message
     * @return the warning when there are more threads than processors; empty when there are not
     * @throws InvalidSettingException of {@code setting}, below 1 or above {@link #MAX_PER_PROCESSOR} x {@code processors}
     */
    public static Optional<String> check(String setting, int threads, int processors) {
        InvalidSettingException.require(threads >= 1, setting, "must be >= 1", threads);
        long most = (long) MAX_PER_PROCESSOR * Math.max(1, processors);
        InvalidSettingException.require(threads <= most, setting, "must be at most " + most + " (" + MAX_PER_PROCESSOR + " x the "
                + processors + " processor(s) it runs on)", threads);
        if (threads > processors) {
            return Optional.of(threads + " threads on " + processors + " processor(s): more threads than processors run slower, not faster");
        }
        return Optional.empty();
    }

    /** As {@link #check} on this JVM's processors ({@link #processors()}), logging the warning. */
    public static void require(String setting, int threads) {
        require(setting, threads, processors());
    }

    /** As {@link #check}, logging the warning. */
    public static void require(String setting, int threads, int processors) {
        check(setting, threads, processors).ifPresent(LOG::warn);
    }

    /** The processors this JVM may use (container quotas honoured). */
    public static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }
}

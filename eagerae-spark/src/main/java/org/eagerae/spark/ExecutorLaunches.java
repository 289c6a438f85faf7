package org.eagerae.spark;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Hears, while a command's executors start, why a cluster manager could not launch one: Spark's
 * scheduler hears it from the master ({@code Executor app-.../0 removed: <why>}) and only logs
 * it, at INFO, so that the command would otherwise end with "a stopped SparkContext" and the cause
 * in a worker's log. While it listens, Spark's own warnings and errors about the failing launches
 * are kept from the console, because the command says the cause in its one error line instead.
 * Works where Logback is the logging backend (as in eagerae's launcher); elsewhere it hears nothing.
 */
final class ExecutorLaunches extends TurboFilter implements AutoCloseable {

    /** Spark's line for an executor that the cluster took back, with the cause the worker gave. */
    private static final Pattern REMOVED = Pattern.compile("Executor \\S+ removed: (.+)", Pattern.DOTALL);

    /** The logger of Spark's scheduler for standalone masters (and local-cluster). */
    private static final String SCHEDULER = "org.apache.spark.scheduler.cluster.StandaloneSchedulerBackend";

    private final AtomicReference<String> first = new AtomicReference<>();
    private final LoggerContext logging;

    private ExecutorLaunches(LoggerContext logging) {
        this.logging = logging;
    }

    /** Starts listening (where Logback logs). */
    static ExecutorLaunches listen() {
        LoggerContext logging = LoggerFactory.getILoggerFactory() instanceof LoggerContext c ? c : null;
        ExecutorLaunches launches = new ExecutorLaunches(logging);
        if (logging != null) {
            launches.setName("eagerae executor launches");
            launches.start();
            logging.addTurboFilter(launches);
        }
        return launches;
    }

    /** The cause the first failed launch gave, if one failed. */
    Optional<String> firstFailure() {
        return Optional.ofNullable(first.get());
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (!logger.getName().startsWith("org.apache.spark")) {
            return FilterReply.NEUTRAL;
        }
        if (logger.getName().equals(SCHEDULER) && level == Level.INFO && format == null) {
            return FilterReply.ACCEPT; // Spark asks whether INFO is on before it formats the line
        }
        Matcher removed = format == null ? null : REMOVED.matcher(format);
        if (removed != null && removed.matches()) {
            first.compareAndSet(null, removed.group(1).strip().lines().findFirst().orElse(""));
        }
        return first.get() != null && level.isGreaterOrEqual(Level.WARN) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    /** Stops listening. */
    @Override
    public void close() {
        if (logging != null) {
            logging.getTurboFilterList().remove(this);
            stop();
        }
    }
}

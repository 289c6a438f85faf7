package org.eagerae.worker;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of worker processes: warnings and errors, one line each (and a cause's
 * stack trace), on standard error, which the coordinator keeps in the run's worker log; nothing
 * below warnings. Logback reading its configuration would add about 0.3 CPU seconds to every
 * worker's start-up; the coordinating process keeps its own logging. Workers choose it with
 * {@code -Dslf4j.provider=org.eagerae.worker.WorkerLog}.
 */
public final class WorkerLog implements SLF4JServiceProvider {

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final Factory factory = new Factory(System.err);

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to read: the level and the target are fixed
    }

    /** One logger per name, all writing to one stream. */
    static final class Factory implements ILoggerFactory {
        private final PrintStream out;
        private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();

        Factory(PrintStream out) {
            this.out = out;
        }

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, n -> new WarningsLogger(n, out));
        }
    }

    /** Writes warnings and errors as {@code LEVEL name - message}. */
    private static final class WarningsLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient PrintStream out;

        WarningsLogger(String name, PrintStream out) {
            this.name = name;
            this.out = out;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments, Throwable cause) {
            synchronized (out) {
                out.println(level + " " + name + " - " + MessageFormatter.basicArrayFormat(message, arguments));
                if (cause != null) {
                    cause.printStackTrace(out);
                }
            }
        }
    }
}

package org.eagerae.run;

import java.util.Map;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;

/**
 * How one invocation runs a run's member jobs: chosen each time (a run started on one backend can
 * be resumed on another), recorded in {@code run.json} as history, never as a setting of the run.
 * The backend is named, so that backends outside this module (found through
 * {@code org.eagerae.ensemble.Backends}) can be chosen the same way.
 *
 * @param backend    the backend, e.g. {@link BackendName#INLINE} or {@link BackendName#PROCESSES}
 * @param workers    members trained at the same time (worker processes, executors)
 * @param properties backend-specific settings (e.g. a cluster's address); empty for the built-in backends
 */
public record Execution(BackendName backend, int workers, Map<String, String> properties) {

    public Execution {
        if (backend == null) {
            throw new InvalidInputException("an execution needs a backend");
        }
        InvalidSettingException.require(workers >= 1, "workers", "must be >= 1", workers);
        properties = Map.copyOf(properties);
    }

    /** An execution on a backend without settings of its own. */
    public Execution(BackendName backend, int workers) {
        this(backend, workers, Map.of());
    }

    /** This execution with the backend's own settings {@code settings}. */
    public Execution withProperties(Map<String, String> settings) {
        return new Execution(backend, workers, settings);
    }

    /** Whether members train one after the other in this JVM. */
    public boolean isInline() {
        return backend.equals(BackendName.INLINE);
    }

    /** How many members train at the same time: one inline, else one per worker. */
    public int parallelMembers() {
        return isInline() ? 1 : workers;
    }

    /**
     * Where a run of {@code members} members trained, for reports: {@code inline (one member at a
     * time)}, {@code 2 worker processes}, {@code spark backend, 2 executor(s) (master ...)}.
     */
    public String describe(int members) {
        if (isInline()) {
            return "inline (one member at a time)";
        }
        if (backend.equals(BackendName.PROCESSES)) {
            return Math.min(parallelMembers(), members) + " worker processes";
        }
        return backend + " backend, " + workers + " executor(s)"
                + (properties.containsKey("spark.master") ? " (master " + properties.get("spark.master") + ")" : "");
    }

    /** Members one after the other in this JVM. */
    public static Execution inline() {
        return new Execution(BackendName.INLINE, 1);
    }

    /** Members in {@code workers} worker processes. */
    public static Execution processes(int workers) {
        return new Execution(BackendName.PROCESSES, workers);
    }
}

package org.eagerae.run;

import java.util.Map;
import org.eagerae.InvalidInputException;

/**
 * How one invocation runs a run's member jobs: chosen each time (a run started on one backend can
 * be resumed on another), recorded in {@code run.json} as history, never as a setting of the run.
 * The backend is named, so that backends outside this module (found through {@code org.eagerae.ensemble.Backends}) can be
 * chosen the same way.
 *
 * @param backend    the backend's name, e.g. {@code inline} or {@code processes}
 * @param workers    members trained at the same time (worker processes, executors)
 * @param properties backend-specific settings (e.g. a cluster's address); empty for the built-in backends
 */
public record Execution(String backend, int workers, Map<String, String> properties) {

    /** The backend that trains members one after the other in this JVM. */
    public static final String INLINE = "inline";
    /** The backend that trains members in worker processes. */
    public static final String PROCESSES = "processes";

    public Execution {
        if (backend == null || backend.isBlank()) {
            throw new InvalidInputException("backend needs a name, got '" + backend + "'");
        }
        if (workers < 1) {
            throw new InvalidInputException("--workers must be >= 1, got " + workers);
        }
        properties = Map.copyOf(properties);
    }

    /** An execution on a backend without settings of its own. */
    public Execution(String backend, int workers) {
        this(backend, workers, Map.of());
    }

    /** How many members train at the same time: one inline, else one per worker. */
    public int parallelMembers() {
        return backend.equals(INLINE) ? 1 : workers;
    }

    /** Members one after the other in this JVM. */
    public static Execution inline() {
        return new Execution(INLINE, 1);
    }

    /** Members in {@code workers} worker processes. */
    public static Execution processes(int workers) {
        return new Execution(PROCESSES, workers);
    }
}

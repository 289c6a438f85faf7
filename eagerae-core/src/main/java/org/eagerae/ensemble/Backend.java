package org.eagerae.ensemble;

import java.util.List;

/**
 * Runs member jobs of a run and reports each member's outcome. Implementations must give the same
 * numbers for the same jobs: all randomness comes from the member's seed.
 */
public interface Backend {

    /**
     * Trains the given members of a run (resuming each from its folder), calling the listener from
     * any thread, one call at a time.
     *
     * @return one status per job, in job order; a failed member does not stop the others
     */
    List<MemberStatus> run(RunDirectory run, RunConfig config, List<MemberJob> jobs, EnsembleListener listener);

    /** The backend named in a config. */
    static Backend named(String name) {
        return switch (name) {
            case "inline" -> new InlineBackend();
            case "processes" -> new ProcessBackend();
            default -> throw new org.eagerae.InvalidInputException("unknown backend '" + name + "'; use one of " + RunConfig.BACKENDS);
        };
    }
}

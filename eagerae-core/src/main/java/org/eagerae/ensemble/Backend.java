package org.eagerae.ensemble;

import org.eagerae.run.Execution;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.eagerae.classify.MemberClassifiers;

/**
 * Runs member jobs of a run and reports each member's outcome. Implementations must give the same
 * numbers for the same jobs: all randomness comes from the member's seed, and every member trains
 * with the run's intra-op thread count ({@link RunSpec#threads()}). A backend may keep resources
 * (worker processes, a cluster connection) between runs until it is closed.
 */
public interface Backend extends AutoCloseable {

    /** What this backend is, as recorded in {@code run.json} for each invocation. */
    Execution execution();

    /**
     * The intra-op threads per member that this backend's workers have, where the backend fixes
     * them (a cluster's cores per task); empty where a worker takes the run's count.
     */
    default OptionalInt threadsPerMember() {
        return OptionalInt.empty();
    }

    /**
     * The processors a member's engine runs on, against which {@link Training} checks the run's
     * thread count ({@link org.eagerae.run.ThreadCount}): this machine's for backends that train here
     * (the default); a cluster's cores per task where the backend knows them; empty where the backend
     * sizes its workers to the run's thread count.
     */
    default OptionalInt processorsPerMember() {
        return OptionalInt.of(Training.cores());
    }

    /**
     * Refuses, before anything is written, a run this backend cannot train with the run's numbers
     * (for example a thread count its workers do not have).
     *
     * @throws org.eagerae.InvalidInputException what is wrong and what to change
     */
    default void check(RunSpec spec) {}

    /**
     * Trains the given members of a run, each resumed from its folder, calling the listener from
     * any thread, one call at a time, and {@link EnsembleListener#onMemberDone} once per job.
     *
     * @return one status per job, in job order; a failed member does not stop the others
     */
    List<MemberStatus> run(RunDirectory run, RunSpec spec, List<MemberJob> jobs, EnsembleListener listener);

    /**
     * Where {@code classify} runs each member's activations, principal components and heads on this backend
     * ({@link org.eagerae.classify.Classification#evaluate(List, java.util.Set, org.eagerae.run.CheckpointSelection,
     * org.eagerae.classify.ModelSink, MemberClassifiers)}): a cluster's executors, say; empty where they run in this
     * process (the default).
     */
    default Optional<MemberClassifiers> memberClassifiers() {
        return Optional.empty();
    }

    /** Ends what the backend keeps between runs. */
    @Override
    default void close() {}
}

package org.eagerae.ensemble;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.eagerae.InvalidSettingException;
import org.eagerae.io.AtomicFiles;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.run.ThreadCount;

/**
 * The one way to start or resume a training run; the command line, the Java API, the experiment
 * and the benchmarks all come through here. It owns the defaults of how a run executes (which
 * backend, how many workers, how many intra-op threads a member gets) and the checks made before
 * anything is written: the threads ({@link #requireThreads}), memory, the backend's own check, and the
 * data (fetched and read once).
 * <pre>{@code
 * Execution execution = Training.execution(Optional.empty(), OptionalInt.empty(), members, Map.of());
 * try (Backend backend = Backends.open(execution)) {
 *     RunSpec spec = ... Training.threadsPerMember(backend, members) ...;
 *     RunDirectory run = Training.start(spec, out, backend);
 *     RunManifest done = Training.run(run, backend, listener);
 * }
 * }</pre>
 */
public final class Training {

    private Training() {}

    /** The backend of a run when none is named: worker processes for an ensemble, this JVM for one model. */
    public static BackendName defaultBackend(int members) {
        return members > 1 ? BackendName.PROCESSES : BackendName.INLINE;
    }

    /**
     * How this invocation runs a run of {@code members} members: the named backend or
     * {@link #defaultBackend}; the given workers or one per core.
     *
     * @param settings the backend's own settings (e.g. a cluster's address); empty for the built-in ones
     */
    public static Execution execution(Optional<BackendName> backend, OptionalInt workers, int members, Map<String, String> settings) {
        return new Execution(backend.orElse(defaultBackend(members)), workers.orElse(cores()), settings);
    }

    /**
     * The intra-op threads a member gets when the run does not fix them: inline, the threads of this
     * JVM's engine ({@code ai.djl.pytorch.num_threads}, which it reads when it starts; else one per
     * core); on a backend that fixes them (a cluster's cores per task), those; else the cores shared
     * among the members that train at once.
     */
    public static int threadsPerMember(Backend backend, int members) {
        return threadsPerMember(backend, members, cores());
    }

    /** As {@link #threadsPerMember(Backend, int)}, sharing {@code cores} cores (an experiment's, say) instead of the JVM's. */
    public static int threadsPerMember(Backend backend, int members, int cores) {
        Execution execution = backend.execution();
        if (execution.isInline()) {
            return Integer.getInteger("ai.djl.pytorch.num_threads", cores);
        }
        return backend.threadsPerMember().orElse(Math.max(1, cores / Math.max(1, Math.min(execution.parallelMembers(), members))));
    }

    /**
     * Checks a new run's settings (memory, the backend, the data, which is fetched if needed and
     * read) and only then makes its folder {@code out} and writes {@code run.json}.
     *
     * @return the new run folder, ready for {@link #run}
     * @throws org.eagerae.InvalidInputException what is wrong, before anything is written
     */
    public static RunDirectory start(RunSpec spec, Path out, Backend backend) {
        RunDirectory.requireUnused(out);
        check(spec, backend);
        return create(out, run -> spec, backend);
    }

    /**
     * Starts a run whose settings depend on its folder, such as images kept in the run folder
     * itself: {@code settings} is given the new folder, may write there, and returns the run's
     * settings, which are then checked as {@link #start(RunSpec, Path, Backend)} checks them.
     * Nothing is left in {@code out} when a check fails: what was written there is removed, and
     * so are the folders made for it; an empty folder that was there before stays.
     */
    public static RunDirectory start(Path out, Function<RunDirectory, RunSpec> settings, Backend backend) {
        return create(out, run -> {
            RunSpec spec = settings.apply(run);
            check(spec, backend);
            return spec;
        }, backend);
    }

    /**
     * Refuses, before anything is written, a member thread count that the processors a member runs on
     * ({@link Backend#processorsPerMember()}: this machine's, or a cluster's cores per task) cannot
     * take: below 1, or above {@link ThreadCount#MAX_PER_PROCESSOR} per processor. More threads than
     * processors are allowed; {@link #run} says so to its listener.
     *
     * @return the warning when there are more threads than processors
     * @throws org.eagerae.InvalidSettingException of {@code threads}
     */
    public static Optional<String> requireThreads(int threads, Backend backend) {
        OptionalInt processors = backend.processorsPerMember();
        if (processors.isEmpty()) { // the backend's workers are made with the run's threads
            InvalidSettingException.require(threads >= 1, "threads", "must be >= 1", threads);
            return Optional.empty();
        }
        return ThreadCount.check("threads", threads, processors.getAsInt());
    }

    private static void check(RunSpec spec, Backend backend) {
        requireThreads(spec.threads(), backend);
        MemoryCheck.requireFits(spec, backend.execution());
        backend.check(spec);
        spec.data().load();
    }

    private static RunDirectory create(Path out, Function<RunDirectory, RunSpec> settings, Backend backend) {
        RunDirectory run = RunDirectory.create(out);
        try {
            run.writeManifest(RunManifest.start(settings.apply(run)));
        } catch (RuntimeException e) {
            run.discardNew(); // bad settings or data: leave nothing behind
            throw e;
        }
        return run;
    }

    /**
     * Trains (or goes on training) the run in {@code run} on {@code backend}, with the settings of
     * its {@code run.json}: members already finished stay as they are, the others resume from
     * their last complete checkpoint.
     *
     * @return the run's manifest at the end; a failed member does not stop the others
     */
    public static RunManifest run(RunDirectory run, Backend backend, EnsembleListener listener) {
        RunManifest manifest = run.readManifest();
        requireThreads(manifest.spec().threads(), backend).ifPresent(listener::onWarning);
        backend.check(manifest.spec());
        return Ensemble.train(run, manifest, backend, listener);
    }

    /**
     * Starts the run of {@code spec} in {@code dir}, or goes on with the run already there, as a
     * protocol of several runs (the experiment, a benchmark) needs; a run that finished without a
     * failed member is returned as it is.
     */
    public static RunManifest startOrResume(Path dir, RunSpec spec, Backend backend, EnsembleListener listener) {
        if (RunDirectory.isRun(dir)) {
            RunDirectory run = RunDirectory.open(dir);
            RunManifest manifest = run.readManifest();
            if (manifest.finishedAt() != null && !manifest.anyFailed()) {
                return manifest;
            }
            return run(run, backend, listener);
        }
        return run(start(spec, dir, backend), backend, listener);
    }

    /** One line per failed member ({@code m03: why}), for an exception's message; empty when none failed. */
    public static String failures(RunManifest manifest) {
        return String.join("; ", manifest.members().stream().filter(MemberStatus::isFailed)
                .map(m -> String.format("m%02d: %s", m.member(), m.error())).toList());
    }

    /** The cores this JVM may use (container quotas honoured). */
    public static int cores() {
        return ThreadCount.processors();
    }

}

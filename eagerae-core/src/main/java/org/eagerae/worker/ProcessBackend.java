package org.eagerae.worker;

import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.BackendProvider;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.Lockstep;
import org.eagerae.ensemble.MemberRunner;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eagerae.train.EpochRecord;

/**
 * Trains members in worker JVMs, each training one member at a time with the run's intra-op
 * threads. DJL's PyTorch engine allows one gradient collector per JVM, so parallel members need
 * separate processes. With more members than workers, the members take their epochs in turns
 * ({@link Lockstep}), so no worker idles while any member has epochs left. A worker that dies or
 * misbehaves fails only the member it was training; a fresh worker takes the remaining turns. The workers come from a {@link WorkerPool}: the caller's,
 * kept warm across runs, or this backend's own, started at its first run and ended when it closes.
 */
public final class ProcessBackend implements Backend {

    private final int workers;
    private final WorkerPool shared;
    private WorkerPool own;

    /** A backend with {@code workers} worker processes of its own. */
    public ProcessBackend(int workers) {
        this(null, workers);
    }

    /** A backend that trains on {@code workers} workers of {@code pool}, which stays open when the backend closes. */
    public ProcessBackend(WorkerPool pool, int workers) {
        this.shared = pool;
        this.workers = Execution.processes(workers).workers(); // validates
    }

    @Override
    public Execution execution() {
        return Execution.processes(workers);
    }

    @Override
    public List<MemberStatus> run(RunDirectory run, RunSpec spec, List<MemberJob> jobs, EnsembleListener listener) {
        WorkerPool pool = pool(spec.threads());
        spec.data().ensureFetched(); // fetched and checked once here; the workers read the files without checking them again
        return runOn(pool, run, spec, jobs, Synchronized.of(listener));
    }

    private synchronized WorkerPool pool(int threads) {
        if (shared != null) {
            if (shared.threads() != threads) {
                throw new IllegalStateException("the worker pool runs " + shared.threads() + " intra-op threads per worker but the run needs "
                        + threads);
            }
            return shared;
        }
        if (own != null && own.threads() != threads) {
            own.close();
            own = null;
        }
        if (own == null) {
            own = new WorkerPool(threads);
        }
        return own;
    }

    private List<MemberStatus> runOn(WorkerPool pool, RunDirectory run, RunSpec spec, List<MemberJob> jobs, EnsembleListener listener) {
        Lockstep schedule = new Lockstep(jobs, job -> run.member(job.member()).epochs().size(), spec.training().maxEpochs(), workers);
        int slots = Math.min(workers, jobs.size());
        ExecutorService threads = Executors.newFixedThreadPool(slots);
        for (int w = 0; w < slots; w++) {
            int slot = w;
            threads.submit(() -> serveTurns(pool, run, spec, slot, schedule, listener));
        }
        threads.shutdown();
        try {
            while (!threads.awaitTermination(1, TimeUnit.HOURS)) {
                // keep waiting: members may train for many hours
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        Map<Integer, MemberStatus> results = schedule.outcomes();
        List<MemberStatus> ordered = new ArrayList<>();
        for (MemberJob job : jobs) {
            ordered.add(results.getOrDefault(job.member(), MemberStatus.failed(job, 0, "not trained: the coordinator was interrupted")));
        }
        return ordered;
    }

    /** Trains the turns the schedule gives this slot on the slot's worker, until no member is left for it. */
    private void serveTurns(WorkerPool pool, RunDirectory run, RunSpec spec, int slot, Lockstep schedule, EnsembleListener listener) {
        try {
            Optional<Lockstep.Turn> next;
            while ((next = schedule.next()).isPresent()) {
                Lockstep.Turn turn = next.get();
                MemberJob job = turn.job();
                MemberStatus status;
                try {
                    status = pool.worker(slot, run.workerLog(slot))
                            .train(run, spec, job, turn.untilEpoch(), pool.nextJobId(), run.workerLog(slot), listener);
                } catch (IOException | RuntimeException e) {
                    status = MemberStatus.failed(job, 0, "worker " + slot + " could not start: " + MemberRunner.describe(e));
                }
                if (!status.isPending()) {
                    try {
                        listener.onMemberDone(status);
                    } catch (RuntimeException e) {
                        status = MemberStatus.failed(job, status.epochs(), "recording its outcome failed: " + MemberRunner.describe(e));
                    }
                }
                schedule.finish(turn, status);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends this backend's own workers. */
    @Override
    public synchronized void close() {
        if (own != null) {
            own.close();
            own = null;
        }
    }

    /** Registers this backend as {@code processes}. */
    public static final class Provider implements BackendProvider {
        @Override
        public BackendName name() {
            return BackendName.PROCESSES;
        }

        @Override
        public Backend open(Execution execution) {
            return new ProcessBackend(execution.workers());
        }
    }

    /** Serialises calls into a listener that may not be thread-safe. */
    private static final class Synchronized implements EnsembleListener {
        private final EnsembleListener delegate;

        private Synchronized(EnsembleListener delegate) {
            this.delegate = delegate;
        }

        static EnsembleListener of(EnsembleListener listener) {
            return new Synchronized(listener);
        }

        @Override
        public synchronized void onStart(int member, int firstEpoch, int maxEpochs, int batches) {
            delegate.onStart(member, firstEpoch, maxEpochs, batches);
        }

        @Override
        public synchronized void onBatch(int member, int epoch, int batch, int batches, double loss) {
            delegate.onBatch(member, epoch, batch, batches, loss);
        }

        @Override
        public synchronized void onEpoch(EpochRecord record) {
            delegate.onEpoch(record);
        }

        @Override
        public synchronized void onWarning(String message) {
            delegate.onWarning(message);
        }

        @Override
        public synchronized void onRestart(int member, long seed, String reason) {
            delegate.onRestart(member, seed, reason);
        }

        @Override
        public synchronized void onMemberDone(MemberStatus status) {
            delegate.onMemberDone(status);
        }
    }
}

package org.eagerae.ensemble;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Trains members in worker JVMs, each training one member at a time with its own intra-op
 * threads. DJL's PyTorch engine allows one gradient collector per JVM, so parallel members need
 * separate processes. A worker that dies fails only the member it was training; a fresh worker
 * takes the remaining jobs. The workers come from a {@link WorkerPool}: the caller's, kept warm
 * across runs, or one started for this run alone.
 */
public final class ProcessBackend implements Backend {

    private final WorkerPool shared;

    /** A backend that starts its workers for each run and ends them after it. */
    public ProcessBackend() {
        this.shared = null;
    }

    /** A backend that trains on the workers of {@code pool}, which stays open after each run. */
    public ProcessBackend(WorkerPool pool) {
        this.shared = pool;
    }

    @Override
    public List<MemberStatus> run(RunDirectory run, RunConfig config, List<MemberJob> jobs, EnsembleListener listener) {
        if (shared != null && shared.threads() != config.threads()) {
            throw new IllegalArgumentException("the worker pool runs " + shared.threads() + " intra-op threads per worker but the run asks for "
                    + config.threads());
        }
        config.data().ensureFetched(); // once here, before the workers read the data
        WorkerPool pool = shared != null ? shared : new WorkerPool(config.threads());
        try {
            return runOn(pool, run, config, jobs, Synchronized.of(listener));
        } finally {
            if (shared == null) {
                pool.close();
            }
        }
    }

    private List<MemberStatus> runOn(WorkerPool workers, RunDirectory run, RunConfig config, List<MemberJob> jobs,
            EnsembleListener listener) {
        BlockingQueue<MemberJob> queue = new LinkedBlockingQueue<>(jobs);
        Map<Integer, MemberStatus> results = new ConcurrentHashMap<>();
        int slots = Math.min(config.workers(), jobs.size());
        ExecutorService threads = Executors.newFixedThreadPool(slots);
        for (int w = 0; w < slots; w++) {
            int slot = w;
            threads.submit(() -> serveQueue(workers, run, slot, queue, results, listener));
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
        List<MemberStatus> ordered = new ArrayList<>();
        for (MemberJob job : jobs) {
            ordered.add(results.getOrDefault(job.member(), MemberStatus.failed(job, 0, "not trained: the coordinator was interrupted")));
        }
        return ordered;
    }

    private void serveQueue(WorkerPool workers, RunDirectory run, int slot, BlockingQueue<MemberJob> queue,
            Map<Integer, MemberStatus> results, EnsembleListener listener) {
        MemberJob job;
        while ((job = queue.poll()) != null) {
            Path log = run.root().resolve("logs").resolve("worker-" + slot + ".log");
            MemberStatus status;
            try {
                status = workers.worker(slot, log).train(run, job, log, listener);
            } catch (IOException | RuntimeException e) {
                status = MemberStatus.failed(job, 0, "worker " + slot + ": " + MemberRunner.describe(e));
            }
            results.put(job.member(), status);
            listener.onMemberDone(status);
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
        public synchronized void onEpoch(org.eagerae.train.EpochRecord record) {
            delegate.onEpoch(record);
        }

        @Override
        public synchronized void onMemberDone(MemberStatus status) {
            delegate.onMemberDone(status);
        }
    }
}

package org.eagerae.ensemble;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Worker JVMs kept alive between runs, one per slot, each with the same number of intra-op
 * threads. Starting a worker (JVM, engine, data) takes seconds; a caller that trains several
 * ensembles in a row (repeats, benchmarks) starts them once. A dead worker is replaced the next
 * time its slot is asked for. Closing the pool ends every worker.
 */
public final class WorkerPool implements AutoCloseable {

    private final int threads;
    private final List<WorkerProcess> slots = new ArrayList<>();

    /** A pool whose workers each use {@code threads} intra-op threads; workers start when first needed. */
    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /** Intra-op threads of each worker. */
    public int threads() {
        return threads;
    }

    /** The live worker of {@code slot}, started now (logging to {@code log}) if there is none. */
    synchronized WorkerProcess worker(int slot, Path log) throws IOException {
        while (slots.size() <= slot) {
            slots.add(null);
        }
        WorkerProcess w = slots.get(slot);
        if (w == null || !w.isAlive()) {
            if (w != null) {
                w.close();
            }
            w = WorkerProcess.start(threads, log);
            slots.set(slot, w);
        }
        return w;
    }

    @Override
    public synchronized void close() {
        slots.stream().filter(w -> w != null).forEach(WorkerProcess::close);
        slots.clear();
    }
}

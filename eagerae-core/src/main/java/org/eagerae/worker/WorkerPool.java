package org.eagerae.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Worker JVMs kept alive between runs, one per slot, each with the same number of intra-op
 * threads. Starting a worker (JVM, engine, data) takes seconds; a caller that trains several
 * ensembles in a row (repeats, benchmarks) starts them once, and the first worker without a
 * class-data archive makes one for all later workers ({@link ClassDataArchive}). A dead or ended worker is replaced
 * the next time its slot is asked for. Closing the pool ends every worker.
 */
public final class WorkerPool implements AutoCloseable {

    private final int threads;
    private final List<WorkerProcess> slots = new ArrayList<>();
    private final List<WorkerProcess> started = new ArrayList<>();
    private final AtomicLong jobs = new AtomicLong();
    private final String classPath;
    private final Optional<ClassDataArchive> archive;
    private boolean archiveOrdered;

    /**
     * A pool whose workers each use {@code threads} intra-op threads; workers start when first needed,
     * with the class path this JVM loaded eagerae from ({@link WorkerClassPath}).
     */
    public WorkerPool(int threads) {
        this(threads, WorkerClassPath.current());
    }

    /** A pool whose workers run with another class path (for tests of class-data sharing, which needs jars). */
    WorkerPool(int threads, String classPath) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.classPath = classPath;
        this.archive = ClassDataArchive.forClassPath(classPath);
    }

    /** Intra-op threads of each worker. */
    public int threads() {
        return threads;
    }

    /** A fresh job id: no two jobs sent to this pool's workers share one. */
    long nextJobId() {
        return jobs.incrementAndGet();
    }

    /** The live worker of {@code slot}, started now (logging to {@code log}) if there is none. */
    synchronized WorkerProcess worker(int slot, Path log) throws IOException {
        while (slots.size() <= slot) {
            slots.add(null);
        }
        WorkerProcess w = slots.get(slot);
        if (w == null || !w.isAlive()) {
            if (w != null) {
                w.end();
            }
            boolean makeArchive = archive.isPresent() && !archive.get().exists() && !archiveOrdered;
            archiveOrdered |= makeArchive;
            w = WorkerProcess.start(threads, log, classPath, archive, makeArchive);
            slots.set(slot, w);
            started.add(w);
        }
        return w;
    }

    /** The process ids of the live workers (for benchmarks and tests). */
    public synchronized List<Long> pids() {
        return slots.stream().filter(Objects::nonNull).filter(WorkerProcess::isAlive).map(WorkerProcess::pid).toList();
    }

    /**
     * The start-up (spawn to first batch) of each worker this pool started that got that far, in
     * the order they were started: what a run pays for every fresh worker.
     */
    public synchronized List<WorkerStartup> startups() {
        return started.stream().map(WorkerProcess::startup).flatMap(Optional::stream).toList();
    }

    @Override
    public synchronized void close() {
        slots.stream().filter(Objects::nonNull).forEach(WorkerProcess::close);
        slots.clear();
    }
}

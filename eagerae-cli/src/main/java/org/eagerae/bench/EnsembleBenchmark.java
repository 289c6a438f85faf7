package org.eagerae.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eagerae.data.DataSource;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.Training;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.InlineBackend;
import org.eagerae.ensemble.MembersFailedException;
import org.eagerae.worker.ProcessBackend;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.worker.WorkerMain;
import org.eagerae.worker.WorkerPool;
import org.eagerae.worker.WorkerStartup;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;

/**
 * Measures member-epochs per second of the backends side by side, in one JVM and one run
 * (alternating, so drift on a shared machine hits all): {@code inline} in this JVM,
 * {@code processes} on warm workers (a {@link WorkerPool} started and warmed up once, as this JVM
 * is for inline), and {@code processes-cold}, which starts its workers inside the timed run (and
 * times each one's start-up, from spawn to first batch). Also the resident memory of a worker over
 * many epochs.
 */
public final class EnsembleBenchmark implements AutoCloseable {

    /** The backends {@link #time} knows. */
    public static final List<String> BACKENDS = List.of("inline", "processes", "processes-cold");

    /**
     * One timed ensemble.
     *
     * @param workerStarts for workers started inside the timed run: each one's time from spawn to its first batch
     */
    public record Timing(String backend, int repeat, double wallSeconds, int memberEpochs, double meanEpochSeconds,
            List<WorkerStartup> workerStarts) {
        public double memberEpochsPerSecond() {
            return memberEpochs / wallSeconds;
        }
    }

    /** Resident memory of a worker after each epoch. */
    public record MemoryTrace(List<Double> mebibytesPerEpoch) {
        /** MiB gained over the second half of the epochs, after the allocator has reached its working size. */
        public double growthOverSecondHalf() {
            int n = mebibytesPerEpoch.size();
            return mebibytesPerEpoch.get(n - 1) - mebibytesPerEpoch.get((n - 1) / 2);
        }
    }

    private final DataSource data;
    private final int members;
    private final int epochs;
    private final int cores;
    private final Path scratch;
    private final WorkerPool pool;
    private final Optional<Backend> cluster;

    public EnsembleBenchmark(DataSource data, int members, int epochs, int cores, Path scratch) {
        this(data, members, epochs, cores, scratch, Optional.empty());
    }

    /**
     * A benchmark that also times {@code cluster}, a backend found by name (such as {@code spark}),
     * kept open across its timed runs as the warm workers are; the benchmark closes it.
     */
    public EnsembleBenchmark(DataSource data, int members, int epochs, int cores, Path scratch, Optional<Backend> cluster) {
        this.data = data;
        this.members = members;
        this.epochs = epochs;
        this.cores = cores;
        this.scratch = scratch;
        this.pool = new WorkerPool(workerThreads());
        this.cluster = cluster;
    }

    /** The backends timed: {@code local} (of {@link #BACKENDS}), then the cluster's, if there is one. */
    public List<String> backends(List<String> local) {
        List<String> all = new ArrayList<>(local);
        cluster.ifPresent(c -> all.add(c.execution().backend().value()));
        return all;
    }

    /** Workers for the processes backends: one per core (at most one per member), sharing the cores. */
    private int workers() {
        return Math.min(cores, members);
    }

    private int workerThreads() {
        return Math.max(1, cores / workers());
    }

    private RunSpec spec(String backend, int k, int e) {
        int[] shape = data.shape();
        return new RunSpec(data, CaeSpec.forImages(shape[0], shape[1], shape[2]), k, 1, TrainingOptions.paper(e),
                backend.equals("inline") ? cores : workerThreads());
    }

    /**
     * Not timed: one member for one epoch on a worker of its own (which makes the workers' class-data
     * archive if there is none yet, so that workers started later, warm or cold, start as they will on
     * every later run), and for the backends to be timed, one in this JVM and one per worker on the
     * warm workers, so that timed runs start with the engine loaded, the data read and the code compiled.
     */
    public void warmUp(List<String> backends) {
        try (WorkerPool first = new WorkerPool(workerThreads())) {
            run(spec("processes", 1, 1), "warm-up-archive", EnsembleListener.NONE, new ProcessBackend(first, 1));
        }
        if (backends.contains("inline")) {
            run(spec("inline", 1, 1), "warm-up-inline", EnsembleListener.NONE, new InlineBackend());
        }
        if (backends.contains("processes")) {
            run(spec("processes", workers(), 1), "warm-up-processes", EnsembleListener.NONE, new ProcessBackend(pool, workers()));
        }
    }

    /**
     * Not timed with the others: the cluster backend's first run, one member per worker for one
     * epoch, which starts it (a Spark context and its executors); returns its wall-clock seconds.
     */
    public double warmUpCluster() {
        long start = System.nanoTime();
        cluster.ifPresent(c -> run(spec(c.execution().backend().value(), workers(), 1), "warm-up-cluster", EnsembleListener.NONE, c));
        return (System.nanoTime() - start) / 1e9;
    }

    /** Trains the ensemble once with the backend ({@link #BACKENDS}) and times it. */
    public Timing time(String backend, int repeat) {
        RunSpec spec = spec(backend, members, epochs);
        List<Double> epochSeconds = new ArrayList<>();
        EnsembleListener listener = new EnsembleListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                epochSeconds.add(record.epochSeconds());
            }
        };
        Timed done;
        List<WorkerStartup> starts = List.of();
        switch (backend) {
            case "inline" -> done = run(spec, backend + "-" + repeat, listener, new InlineBackend());
            case "processes" -> done = run(spec, backend + "-" + repeat, listener, new ProcessBackend(pool, workers()));
            case "processes-cold" -> {
                try (WorkerPool cold = new WorkerPool(workerThreads())) {
                    done = run(spec, backend + "-" + repeat, listener, new ProcessBackend(cold, workers()));
                    starts = cold.startups();
                }
            }
            default -> done = run(spec, backend + "-" + repeat, listener, cluster.filter(c -> c.execution().backend().value().equals(backend))
                    .orElseThrow(() -> new IllegalArgumentException("unknown backend " + backend + "; one of " + backends(BACKENDS))));
        }
        if (done.manifest().anyFailed()) {
            throw new MembersFailedException("the benchmark's run " + backend + "-" + repeat, done.manifest());
        }
        return new Timing(backend, repeat, done.seconds(), members * epochs,
                epochSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), starts);
    }

    /** Trains one member in a worker process for {@code memoryEpochs} epochs, sampling the worker's memory. */
    public MemoryTrace workerMemory(int memoryEpochs) {
        List<Double> rss = new ArrayList<>();
        run(spec("processes", 1, memoryEpochs), "memory", new EnsembleListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                ProcessHandle.current().children()
                        .filter(p -> p.info().commandLine().orElse("").contains(WorkerMain.class.getName()))
                        .max(java.util.Comparator.comparing(p -> p.info().startInstant().orElse(java.time.Instant.MIN)))
                        .ifPresent(p -> rss.add(ResidentMemory.mebibytes(p.pid())));
            }
        }, new ProcessBackend(workers()));
        return new MemoryTrace(rss);
    }

    /** A run's manifest and the seconds its training took (its folder made and its data checked before the clock starts). */
    private record Timed(RunManifest manifest, double seconds) {}

    private Timed run(RunSpec spec, String name, EnsembleListener listener, Backend backend) {
        try {
            RunDirectory run = Training.start(spec, Files.createTempDirectory(scratch, name + "-"), backend);
            long start = System.nanoTime();
            RunManifest done = Training.run(run, backend, listener);
            return new Timed(done, (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (cluster.orElse(null) != backend) {
                backend.close(); // the cluster stays up across runs, as the warm workers do
            }
        }
    }

    /** Ends the warm workers and the cluster backend. */
    @Override
    public void close() {
        pool.close();
        cluster.ifPresent(Backend::close);
    }

    /** A Markdown table of timings, with the start-up of workers started inside a run. */
    public static String table(List<Timing> timings) {
        StringBuilder s = new StringBuilder("| backend | repeat | wall s | member-epochs/s | mean epoch s | worker spawn to first batch:"
                + " wall s (CPU s) |\n|---|---|---|---|---|---|\n");
        for (Timing t : timings) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.3f | %.3f | %s |%n", t.backend(), t.repeat(), t.wallSeconds(),
                    t.memberEpochsPerSecond(), t.meanEpochSeconds(), t.workerStarts().stream()
                            .map(v -> String.format(Locale.ROOT, "%.2f (%.2f)", v.wallSeconds(), v.cpuSeconds()))
                            .collect(java.util.stream.Collectors.joining(", "))));
        }
        return s.toString();
    }

    /** Every start-up (spawn to first batch) of the workers started inside the timed runs. */
    public static List<WorkerStartup> workerStarts(List<Timing> timings) {
        return timings.stream().flatMap(t -> t.workerStarts().stream()).toList();
    }

    /** Median wall-clock seconds of a backend's timed runs. */
    public static double medianWall(List<Timing> timings, String backend) {
        return middle(timings.stream().filter(t -> t.backend().equals(backend)).mapToDouble(Timing::wallSeconds).sorted().toArray());
    }

    /** Median member-epochs per second of a backend. */
    public static double median(List<Timing> timings, String backend) {
        return middle(timings.stream().filter(t -> t.backend().equals(backend)).mapToDouble(Timing::memberEpochsPerSecond).sorted().toArray());
    }

    /** The median of sorted values (NaN for none). */
    private static double middle(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
    }
}

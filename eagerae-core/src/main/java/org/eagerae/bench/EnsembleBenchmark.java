package org.eagerae.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eagerae.data.DataSource;
import org.eagerae.ensemble.Ensemble;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.RunConfig;
import org.eagerae.ensemble.RunDirectory;
import org.eagerae.ensemble.RunManifest;
import org.eagerae.ensemble.WorkerMain;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.EpochRecord;

/**
 * Measures member-epochs per second of the inline and processes backends side by side, in one
 * JVM and one run (alternating, so drift on a shared machine hits both), and the resident memory
 * of a worker over many epochs.
 */
public final class EnsembleBenchmark {

    /** One timed ensemble. */
    public record Timing(String backend, int repeat, double wallSeconds, int memberEpochs, double meanEpochSeconds) {
        public double memberEpochsPerSecond() {
            return memberEpochs / wallSeconds;
        }
    }

    /** Resident memory of a worker after each epoch. */
    public record MemoryTrace(List<Double> mebibytesPerEpoch) {
        public double growth() {
            return mebibytesPerEpoch.get(mebibytesPerEpoch.size() - 1) - mebibytesPerEpoch.get(Math.min(1, mebibytesPerEpoch.size() - 1));
        }
    }

    private final DataSource data;
    private final int members;
    private final int epochs;
    private final int cores;
    private final Path scratch;

    public EnsembleBenchmark(DataSource data, int members, int epochs, int cores, Path scratch) {
        this.data = data;
        this.members = members;
        this.epochs = epochs;
        this.cores = cores;
        this.scratch = scratch;
    }

    private RunConfig config(String backend, int k, int e) {
        int threads = backend.equals("inline") ? cores : Math.max(1, cores / Math.min(cores, k));
        return new RunConfig(data, CaeSpec.mnist(), k, 1, 100, 1e-3f, e, "none", 0.001, 3, false, backend, cores, threads);
    }

    /** Trains the ensemble once with the backend and times it. */
    public Timing time(String backend, int repeat) {
        RunConfig config = config(backend, members, epochs);
        List<Double> epochSeconds = new ArrayList<>();
        long start = System.nanoTime();
        RunManifest done = run(config, backend + "-" + repeat, new EnsembleListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                epochSeconds.add(record.epochSeconds());
            }
        });
        double wall = (System.nanoTime() - start) / 1e9;
        if (done.anyFailed()) {
            throw new IllegalStateException("a member failed during the benchmark: " + done.members());
        }
        return new Timing(backend, repeat, wall, members * epochs,
                epochSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    }

    /** Trains one member in a worker process for {@code memoryEpochs} epochs, sampling the worker's memory. */
    public MemoryTrace workerMemory(int memoryEpochs) {
        List<Double> rss = new ArrayList<>();
        run(config("processes", 1, memoryEpochs), "memory", new EnsembleListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                ProcessHandle.current().children()
                        .filter(p -> p.info().commandLine().orElse("").contains(WorkerMain.class.getName()))
                        .findFirst()
                        .ifPresent(p -> rss.add(ResidentMemory.mebibytes(p.pid())));
            }
        });
        return new MemoryTrace(rss);
    }

    private RunManifest run(RunConfig config, String name, EnsembleListener listener) {
        try {
            Path dir = Files.createTempDirectory(scratch, name + "-");
            RunDirectory run = RunDirectory.create(dir);
            RunManifest manifest = RunManifest.start(config);
            run.writeManifest(manifest);
            return Ensemble.train(run, manifest, listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Markdown table of timings with the processes/inline ratio of medians. */
    public static String table(List<Timing> timings) {
        StringBuilder s = new StringBuilder("| backend | repeat | wall s | member-epochs/s | mean epoch s |\n|---|---|---|---|---|\n");
        for (Timing t : timings) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.3f | %.3f |%n", t.backend(), t.repeat(), t.wallSeconds(),
                    t.memberEpochsPerSecond(), t.meanEpochSeconds()));
        }
        return s.toString();
    }

    /** Median member-epochs per second of a backend. */
    public static double median(List<Timing> timings, String backend) {
        double[] v = timings.stream().filter(t -> t.backend().equals(backend)).mapToDouble(Timing::memberEpochsPerSecond).sorted().toArray();
        return v.length == 0 ? Double.NaN : (v[(v.length - 1) / 2] + v[v.length / 2]) / 2;
    }
}

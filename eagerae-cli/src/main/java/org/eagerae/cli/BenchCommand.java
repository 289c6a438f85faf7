package org.eagerae.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eagerae.bench.EnsembleBenchmark;
import org.eagerae.data.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eagerae bench}: benchmarks that print ratios measured side by side in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (results belong in docs/BENCHMARKS.md).",
        subcommands = {BenchCommand.Ensemble.class})
final class BenchCommand {

    /** {@code eagerae bench ensemble}: inline vs processes backends, and worker memory. */
    @Command(name = "ensemble", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Trains K members for E epochs with the inline and the processes backend, alternating,",
                    "and prints member-epochs per second of each and their ratio; then the resident memory",
                    "of a worker over --memory-epochs epochs."})
    static final class Ensemble implements Callable<Integer> {

        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--members", defaultValue = "4", description = "K (default: ${DEFAULT-VALUE}).")
        int members;

        @Option(names = "--epochs", defaultValue = "3", description = "Epochs per member (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--repeats", defaultValue = "2", description = "Timed pairs (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--memory-epochs", defaultValue = "30", description = "Epochs of the memory trace; 0 skips it (default: ${DEFAULT-VALUE}).")
        int memoryEpochs;

        @Override
        public Integer call() throws Exception {
            int cores = EngineSetup.cores();
            EngineSetup.configure(cores);
            DataSource source = data.toSource(1);
            source.ensureFetched();
            Path scratch = Files.createTempDirectory("eagerae-bench-");
            EnsembleBenchmark bench = new EnsembleBenchmark(source, members, epochs, cores, scratch);
            System.out.printf("bench ensemble: K=%d x %d epochs on %s, %d cores%n", members, epochs, source.describe(), cores);
            System.out.println("warm-up (not counted): inline, 1 member x 1 epoch");
            new EnsembleBenchmark(source, 1, 1, cores, scratch).time("inline", 0);
            List<EnsembleBenchmark.Timing> timings = new ArrayList<>();
            for (int r = 1; r <= repeats; r++) {
                for (String backend : r % 2 == 1 ? List.of("inline", "processes") : List.of("processes", "inline")) {
                    EnsembleBenchmark.Timing t = bench.time(backend, r);
                    timings.add(t);
                    System.out.printf(Locale.ROOT, "  %-9s repeat %d: %.2f s, %.3f member-epochs/s%n", backend, r,
                            t.wallSeconds(), t.memberEpochsPerSecond());
                }
            }
            System.out.println();
            System.out.print(EnsembleBenchmark.table(timings));
            double inline = EnsembleBenchmark.median(timings, "inline");
            double processes = EnsembleBenchmark.median(timings, "processes");
            System.out.printf(Locale.ROOT, "%nmedian member-epochs/s: inline %.3f, processes %.3f, ratio processes/inline %.2fx%n",
                    inline, processes, processes / inline);
            if (memoryEpochs > 0) {
                EnsembleBenchmark.MemoryTrace trace = bench.workerMemory(memoryEpochs);
                List<Double> rss = trace.mebibytesPerEpoch();
                System.out.printf(Locale.ROOT, "worker resident memory over %d epochs: epoch 1 %.0f MiB, epoch 2 %.0f MiB, epoch %d %.0f MiB;"
                        + " growth after epoch 2: %.1f MiB%n", rss.size(), rss.get(0), rss.get(Math.min(1, rss.size() - 1)),
                        rss.size(), rss.get(rss.size() - 1), trace.growth());
            }
            System.out.println("scratch runs in " + scratch);
            return 0;
        }
    }
}

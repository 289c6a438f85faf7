package org.eagerae.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eagerae.bench.EnsembleBenchmark;
import org.eagerae.data.DataSource;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.Backends;
import org.eagerae.ensemble.Execution;
import org.eagerae.model.CaeSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eagerae bench}: benchmarks that print ratios measured side by side in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (results belong in docs/BENCHMARKS.md).",
        subcommands = {BenchCommand.Ensemble.class, BenchCommand.Compare.class})
final class BenchCommand {

    /** The benchmarked ensemble: data, members and epochs. */
    static final class Workload {
        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--members", converter = OptionValues.AtLeastOne.class, defaultValue = "4", description = "K (default: ${DEFAULT-VALUE}).")
        int members;

        @Option(names = "--epochs", converter = OptionValues.AtLeastOne.class, defaultValue = "3", description = "Epochs per member (default: ${DEFAULT-VALUE}).")
        int epochs;
    }

    /** {@code eagerae bench ensemble}: inline vs processes backends, and worker memory. */
    @Command(name = "ensemble", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Trains K members for E epochs inline, on warm worker processes and on workers started in the run,",
                    "alternating, and prints member-epochs per second of each and the ratios; then the resident memory",
                    "of a worker over --memory-epochs epochs."})
    static final class Ensemble implements Callable<Integer> {

        @Mixin
        Workload workload = new Workload();

        @Option(names = "--repeats", converter = OptionValues.AtLeastOne.class, defaultValue = "2", description = "Timed pairs (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--memory-epochs", converter = OptionValues.AtLeastZero.class, defaultValue = "30", description = "Epochs of the memory trace; 0 skips it (default: ${DEFAULT-VALUE}).")
        int memoryEpochs;

        @Mixin
        SparkOptions spark = new SparkOptions();

        @Override
        public Integer call() throws Exception {
            int cores = EngineSetup.cores();
            EngineSetup.configure(cores);
            DataSource source = workload.data.toSource(1);
            source.ensureFetched();
            Path scratch = Files.createTempDirectory("eagerae-bench-");
            System.out.printf("bench ensemble: K=%d x %d epochs on %s, %d cores%n", workload.members, workload.epochs, source.describe(), cores);
            // with --spark-master, the spark backend (found by name) is timed too, on as many executors as workers here
            int workers = Math.min(cores, workload.members);
            Optional<Backend> cluster = spark.master == null ? Optional.empty()
                    : Optional.of(Backends.open(new Execution(SparkOptions.BACKEND, workers, spark.properties(SparkOptions.BACKEND))));
            try (EnsembleBenchmark bench = new EnsembleBenchmark(source, workload.members, workload.epochs, cores, scratch, cluster)) {
                System.out.println("warm-up (not counted): inline 1 member x 1 epoch here; one member x 1 epoch on each warm worker");
                bench.warmUp();
                if (cluster.isPresent()) {
                    System.out.printf(Locale.ROOT, "spark start-up (not counted): context, executors and one member x 1 epoch on each: %.1f s%n",
                            bench.warmUpCluster());
                }
                List<EnsembleBenchmark.Timing> timings = new ArrayList<>();
                List<String> order = new ArrayList<>(bench.backends());
                for (int r = 1; r <= repeats; r++) {
                    for (String backend : order) {
                        EnsembleBenchmark.Timing t = bench.time(backend, r);
                        timings.add(t);
                        System.out.printf(Locale.ROOT, "  %-14s repeat %d: %.2f s, %.3f member-epochs/s%n", backend, r,
                                t.wallSeconds(), t.memberEpochsPerSecond());
                    }
                    java.util.Collections.reverse(order);
                }
                System.out.println();
                System.out.print(EnsembleBenchmark.table(timings));
                double inline = EnsembleBenchmark.median(timings, "inline");
                double warm = EnsembleBenchmark.median(timings, "processes");
                double cold = EnsembleBenchmark.median(timings, "processes-cold");
                System.out.printf(Locale.ROOT, "%nmedian member-epochs/s: inline %.3f, processes (warm workers) %.3f, processes (workers started"
                        + " in the run) %.3f%nratio processes/inline: %.2fx warm, %.2fx cold%n", inline, warm, cold, warm / inline, cold / inline);
                if (cluster.isPresent()) {
                    double onSpark = EnsembleBenchmark.median(timings, SparkOptions.BACKEND);
                    double overhead = (EnsembleBenchmark.medianWall(timings, SparkOptions.BACKEND) - EnsembleBenchmark.medianWall(timings, "processes"))
                            * workers / workload.members;
                    System.out.printf(Locale.ROOT, "median member-epochs/s on spark %.3f (%.2fx inline, %.2fx warm processes); per-member"
                            + " overhead beyond warm workers: %.2f s ((median wall spark - median wall processes) x workers / K)%n",
                            onSpark, onSpark / inline, onSpark / warm, overhead);
                }
                if (memoryEpochs > 0) {
                    EnsembleBenchmark.MemoryTrace trace = bench.workerMemory(memoryEpochs);
                    List<Double> rss = trace.mebibytesPerEpoch();
                    int n = rss.size();
                    System.out.printf(Locale.ROOT, "worker resident memory over %d epochs: epoch 1 %.0f MiB, epoch %d %.0f MiB, epoch %d %.0f MiB;"
                            + " growth over the second half: %.1f MiB%n", n, rss.get(0), (n + 1) / 2, rss.get((n - 1) / 2), n, rss.get(n - 1),
                            trace.growthOverSecondHalf());
                    System.out.println("  MiB after each epoch: " + rss.stream().map(v -> String.format(Locale.ROOT, "%.0f", v))
                            .collect(java.util.stream.Collectors.joining(" ")));
                }
            }
            System.out.println("scratch runs in " + scratch);
            return 0;
        }
    }

    /** {@code eagerae bench compare}: eagerae against the plain-PyTorch reference and the machine's peak. */
    @Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Runs the plain-PyTorch reference (bench/pytorch_reference.py) and eagerae on K members x E epochs,",
                    "alternating, and prints member-epochs per second, their ratio, FLOPs per member-epoch, achieved",
                    "GFLOP/s against the GEMM peak measured here through the engine, and a profile of one epoch."})
    static final class Compare implements Callable<Integer> {

        @Mixin
        Workload workload = new Workload();

        @Option(names = "--rounds", converter = OptionValues.AtLeastOne.class, defaultValue = "2", description = "Alternating rounds (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with torch (default: ${DEFAULT-VALUE}).")
        String python;

        @Option(names = "--reference", defaultValue = "bench/pytorch_reference.py", description = "The reference script (default: ${DEFAULT-VALUE}).")
        Path reference;

        @Override
        public Integer call() throws Exception {
            int cores = EngineSetup.cores();
            EngineSetup.configure(cores);
            if (!Files.isRegularFile(reference)) {
                throw new org.eagerae.InvalidInputException(reference + " not found; run from the project folder or give --reference");
            }
            DataSource source = workload.data.toSource(1);
            if (!source.dataset().equals("mnist")) {
                throw new org.eagerae.InvalidInputException("bench compare runs on --dataset mnist (the reference reads MNIST's IDX files)");
            }
            Path mnist = org.eagerae.data.PublishedDataset.MNIST.ensure(Path.of(source.dataDir())).dir();
            CaeSpec spec = CaeSpec.mnist();
            double flops = (double) spec.trainingFlopsPerImage() * source.trainSize() + (double) spec.forwardFlopsPerImage() * source.valSize();
            double peak = org.eagerae.bench.GemmPeak.gflops(1024, 10);
            System.out.printf(Locale.ROOT, "GEMM peak through the engine (1024x1024 float32, %d threads): %.1f GFLOP/s%n", cores, peak);
            System.out.printf(Locale.ROOT, "FLOPs per member-epoch (%d train x %.1f MFLOP + %d val x %.1f MFLOP): %.2f GFLOP%n",
                    source.trainSize(), spec.trainingFlopsPerImage() / 1e6, source.valSize(), spec.forwardFlopsPerImage() / 1e6, flops / 1e9);
            Path scratch = Files.createTempDirectory("eagerae-compare-");
            java.util.Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
            try (EnsembleBenchmark bench = new EnsembleBenchmark(source, workload.members, workload.epochs, cores, scratch)) {
                bench.warmUp(); // like the reference, eagerae is timed with its engine loaded and its data read
                for (int r = 1; r <= rounds; r++) {
                    double ref = PythonReference.run(python, reference, mnist, workload.members, workload.epochs, source.trainSize(), source.valSize(), cores, false);
                    rates.computeIfAbsent("pytorch-reference", k -> new ArrayList<>()).add(ref);
                    double tuned = PythonReference.run(python, reference, mnist, workload.members, workload.epochs, source.trainSize(), source.valSize(), cores, true);
                    rates.computeIfAbsent("pytorch-reference+eagerae-allocator", k -> new ArrayList<>()).add(tuned);
                    for (String backend : List.of("processes", "inline")) {
                        double rate = bench.time(backend, r).memberEpochsPerSecond();
                        rates.computeIfAbsent("eagerae-" + backend, k -> new ArrayList<>()).add(rate);
                    }
                    System.out.printf(Locale.ROOT, "round %d: reference %.3f (allocator-tuned %.3f), eagerae processes %.3f, inline %.3f member-epochs/s%n",
                            r, ref, tuned, rates.get("eagerae-processes").get(r - 1), rates.get("eagerae-inline").get(r - 1));
                }
            }
            double refMedian = median(rates.get("pytorch-reference"));
            System.out.println();
            System.out.println("| implementation | member-epochs/s (median) | vs reference | achieved GFLOP/s | of GEMM peak |");
            System.out.println("|---|---|---|---|---|");
            for (var e : rates.entrySet()) {
                double m = median(e.getValue());
                System.out.printf(Locale.ROOT, "| %s | %.3f | %.2fx | %.1f | %.0f%% |%n", e.getKey(), m, m / refMedian,
                        m * flops / 1e9, 100 * m * flops / 1e9 / peak);
            }
            System.out.println();
            System.out.printf("profile of one epoch (inline, %d threads, second epoch):%n", cores);
            System.out.print(org.eagerae.bench.EpochProfile.measure(spec, source.load().train(), 100).table());
            return 0;
        }

        private static double median(List<Double> v) {
            double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
        }
    }
}

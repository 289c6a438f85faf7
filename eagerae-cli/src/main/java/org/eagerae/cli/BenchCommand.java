package org.eagerae.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.eagerae.bench.CpuFeatures;
import org.eagerae.bench.EnsembleBenchmark;
import org.eagerae.bench.LayerProfile;
import org.eagerae.bench.PredictBenchmark;
import org.eagerae.data.ImageSource;
import org.eagerae.run.RunDirectory;
import org.eagerae.models.InputFormat;
import org.eagerae.models.ModelStore;
import org.eagerae.models.Parallelism;
import org.eagerae.models.SavedModel;
import org.eagerae.data.DataSource;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.Backends;
import org.eagerae.run.Execution;
import org.eagerae.data.ImageDataset;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.MemberTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eagerae bench}: benchmarks that print ratios measured side by side in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Runs the benchmarks of docs/BENCHMARKS.md.",
            "",
            "Each benchmark times what it compares side by side in one run, alternating, and prints the ratios;"
                + " docs/BENCHMARKS.md has their results and the commands that gave them."},
        footerHeading = "%nExamples:%n",
        footer = {"  eagerae bench ensemble --members 4 --epochs 3",
            "  eagerae bench layers --preset mnist-small"},
        subcommands = {BenchCommand.Ensemble.class, BenchCommand.Compare.class, BenchCommand.Predict.class,
                BenchCommand.Layers.class, BenchCommand.Classify.class})
final class BenchCommand {

    /** The median of some values. */
    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
    }

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
    @Command(name = "ensemble", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
            description = {"Times the inline and processes backends side by side.",
                "",
                "Trains K members for E epochs inline, on warm worker processes and on workers started in the run,"
                    + " alternating, and prints member-epochs per second of each and the ratios; then the resident memory of a"
                    + " worker over --memory-epochs epochs. With --spark-master, the spark backend is timed too."})
    static final class Ensemble implements Callable<Integer> {

        @Mixin
        Workload workload = new Workload();

        @Option(names = "--repeats", converter = OptionValues.AtLeastOne.class, defaultValue = "2", description = "Timed pairs (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--memory-epochs", converter = OptionValues.AtLeastZero.class, defaultValue = "30", description = "Epochs of the memory trace; 0 skips it (default: ${DEFAULT-VALUE}).")
        int memoryEpochs;

        @Option(names = "--backends", split = ",", description = "Which of inline, processes, processes-cold to time (default: all three).")
        List<String> backends = EnsembleBenchmark.BACKENDS;

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
                System.out.println("warm-up (not counted): 1 member x 1 epoch on a worker of its own (it makes the workers' class-data archive"
                        + " if there is none), inline here, and on each warm worker");
                for (String b : backends) {
                    if (!EnsembleBenchmark.BACKENDS.contains(b)) {
                        throw new org.eagerae.InvalidInputException("unknown --backends entry '" + b + "'; use " + EnsembleBenchmark.BACKENDS);
                    }
                }
                bench.warmUp(backends);
                if (cluster.isPresent()) {
                    System.out.printf(Locale.ROOT, "spark start-up (not counted): context, executors and one member x 1 epoch on each: %.1f s%n",
                            bench.warmUpCluster());
                }
                List<EnsembleBenchmark.Timing> timings = new ArrayList<>();
                List<String> order = new ArrayList<>(bench.backends(backends));
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
                List<org.eagerae.worker.WorkerStartup> starts = EnsembleBenchmark.workerStarts(timings);
                if (!starts.isEmpty()) {
                    List<Double> wall = starts.stream().map(org.eagerae.worker.WorkerStartup::wallSeconds).toList();
                    List<Double> cpu = starts.stream().map(org.eagerae.worker.WorkerStartup::cpuSeconds).toList();
                    System.out.printf(Locale.ROOT, "worker spawn to first batch (%d workers started in timed runs): median %.2f s wall (max %.2f),"
                            + " %.2f CPU s (max %.2f), which is the wall time with a core per worker%n", starts.size(), median(wall),
                            java.util.Collections.max(wall), median(cpu), java.util.Collections.max(cpu));
                }
                if (cluster.isPresent()) {
                    double onSpark = EnsembleBenchmark.median(timings, SparkOptions.BACKEND.value());
                    double overhead = (EnsembleBenchmark.medianWall(timings, SparkOptions.BACKEND.value()) - EnsembleBenchmark.medianWall(timings, "processes"))
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
    @Command(name = "compare", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
            description = {"Times eagerae against the plain-PyTorch reference.",
                "",
                "Runs the plain-PyTorch reference (bench/pytorch_reference.py) and eagerae on K members x E epochs,"
                    + " alternating, and prints member-epochs per second, their ratio, FLOPs per member-epoch, achieved GFLOP/s"
                    + " against the GEMM peak measured here through the engine, and a profile of one epoch."})
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
            if (!(source instanceof DataSource.Published published) || !published.dataset().equals("mnist")) {
                throw new org.eagerae.InvalidInputException("bench compare runs on --dataset mnist (the reference reads MNIST's IDX files)");
            }
            Path mnist = org.eagerae.data.PublishedDataset.MNIST.ensure(Path.of(published.dataDir())).dir();
            CaeSpec spec = CaeSpec.mnist();
            double flops = (double) spec.trainingFlopsPerImage() * source.trainSize() + (double) spec.forwardFlopsPerImage() * source.valSize();
            System.out.println("CPU vector extensions: " + CpuFeatures.describe(CpuFeatures.vectorExtensions()));
            double peak = org.eagerae.bench.GemmPeak.gflops(1024, 10);
            System.out.printf(Locale.ROOT, "GEMM peak through the engine (1024x1024 float32, %d threads): %.1f GFLOP/s%n", cores, peak);
            System.out.printf(Locale.ROOT, "FLOPs per member-epoch (%d train x %.1f MFLOP + %d val x %.1f MFLOP): %.2f GFLOP%n",
                    source.trainSize(), spec.trainingFlopsPerImage() / 1e6, source.valSize(), spec.forwardFlopsPerImage() / 1e6, flops / 1e9);
            Path scratch = Files.createTempDirectory("eagerae-compare-");
            java.util.Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
            try (EnsembleBenchmark bench = new EnsembleBenchmark(source, workload.members, workload.epochs, cores, scratch)) {
                bench.warmUp(List.of("processes", "inline")); // like the reference, eagerae is timed with its engine loaded and its data read
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
            ImageDataset train = source.load().train();
            System.out.printf("profile of one epoch (inline, %d threads, second epoch):%n", cores);
            System.out.print(org.eagerae.bench.EpochProfile.measure(spec, train, 100).table());
            System.out.println();
            Layers.printProfile(spec, train, 21);
            return 0;
        }

    }

    /** {@code eagerae bench classify}: feature extraction against the GEMM peak, classifiers side by side against one at a time. */
    @Command(name = "classify", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
            description = {"Times classify's feature extraction and classifiers.",
                "",
                "Times classify --method all's feature extraction (best of 2) and its classifiers on a run's checkpoints, side"
                    + " by side and one at a time, and prints feature extraction's GFLOP/s against the GEMM peak and both times."})
    static final class Classify implements Callable<Integer> {

        @Option(names = "--run", required = true, description = "The run folder.")
        Path run;

        @Option(names = "--epoch", required = true, converter = OptionValues.AtLeastOne.class, description = "Every member's checkpoint after this epoch.")
        int epoch;

        @Option(names = "--features-only", description = "Time the feature extraction only.")
        boolean featuresOnly;

        @Override
        public Integer call() {
            int cores = EngineSetup.cores();
            EngineSetup.configure(cores);
            RunDirectory dir = RunDirectory.open(run);
            System.out.printf("bench classify: %s at epoch %d, classify --method all's classifiers, %d cores; CPU vector extensions: %s%n", run,
                    epoch, cores, CpuFeatures.describe(CpuFeatures.vectorExtensions()));
            System.out.print(org.eagerae.bench.ClassifyBenchmark.measure(dir, epoch, org.eagerae.classify.ClassifierOptions.defaults(1), cores,
                    !featuresOnly)
                    .report());
            return 0;
        }
    }

    /** {@code eagerae bench predict}: images per second of a saved model, alone and end to end. */
    @Command(name = "predict", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
            description = {"Times a saved model on images, alone and end to end.",
                "",
                "Applies a saved model to images, alternating: reading and decoding alone, the model alone on decoded images,"
                    + " and predict end to end (read, decode, predict, write CSV to nowhere), and prints images per second."})
    static final class Predict implements Callable<Integer> {

        @Option(names = "--run", required = true, description = "The run folder.")
        Path run;

        @Option(names = "--model", required = true, description = "The saved model, e.g. a 5-member soft vote.")
        String model;

        @Option(names = "--images", required = true, description = "What predict reads: a folder of images, an IDX or a CIFAR-10 file.")
        Path images;

        @Option(names = "--repeats", defaultValue = "3", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--threads", converter = OptionValues.AtLeastOne.class, description = "Threads in all, as for predict (default: cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            int cores = EngineSetup.cores();
            RunDirectory dir = RunDirectory.open(run);
            Parallelism parallelism = Parallelism.forModel(ModelStore.of(dir).manifest(model), threads != null ? threads : cores);
            EngineSetup.configure(parallelism.intraOpThreads());
            try (SavedModel saved = SavedModel.load(dir, model, parallelism.memberThreads())) {
                InputFormat in = saved.input();
                ImageSource source = ImageSource.open(images, in.channels(), in.height(), in.width());
                PredictBenchmark bench = new PredictBenchmark(saved, source);
                System.out.printf(Locale.ROOT, "bench predict: %s (%s, %d member checkpoint(s)) on %s, %d cores; %d member(s) side by side,"
                        + " %d intra-op thread(s)%n", model, saved.manifest().method(), saved.manifest().checkpoints().size(), source.describe(),
                        cores, parallelism.memberThreads(), parallelism.intraOpThreads());
                System.out.print(bench.run(repeats).table());
            }
            return 0;
        }
    }

    /** {@code eagerae bench layers}: the per-layer profile of a training step alone. */
    @Command(name = "layers", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
            description = {"Times each layer of a training step.",
                "",
                "Times each layer's forward pass, backward pass to its inputs and backward pass to its weights on a batch of"
                    + " real images (one engine thread, CPU time), with the achieved GFLOP/s, and prints the CPU's vector"
                    + " extensions. bench compare prints the same table."})
    static final class Layers implements Callable<Integer> {

        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--repeats", defaultValue = "21", description = "Times each pass is measured; the median is shown (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() {
            if (repeats < 1) {
                throw new org.eagerae.InvalidInputException("--repeats must be at least 1, got " + repeats);
            }
            EngineSetup.configure(1);
            DataSource source = data.toSource(1);
            source.ensureFetched();
            System.out.println("CPU vector extensions: " + CpuFeatures.describe(CpuFeatures.vectorExtensions()));
            ImageDataset train = source.load().train();
            printProfile(CaeSpec.forImages(train.channels(), train.height(), train.width()), train, repeats);
            return 0;
        }

        /** Profiles a fresh model (seed 1) on a batch of 100 training images and prints the table. */
        static void printProfile(CaeSpec spec, ImageDataset train, int repeats) {
            int n = Math.min(100, train.size());
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 1)) {
                NDArray batch = MemberTrainer.batch(manager, train, order, 0, n);
                System.out.printf("per-layer profile of one training step (%s, batch %d, one thread):%n", spec.describe(), n);
                System.out.print(LayerProfile.measure(cae, batch, repeats).table());
            }
        }
    }
}

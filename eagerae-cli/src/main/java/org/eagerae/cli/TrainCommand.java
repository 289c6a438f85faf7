package org.eagerae.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.Backends;
import org.eagerae.ensemble.MembersFailedException;
import org.eagerae.ensemble.Training;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.data.UnlabelledImages;
import org.eagerae.run.RunSpec;
import org.eagerae.model.Architecture;
import org.eagerae.model.CaeSpec;
import org.eagerae.report.ReconstructionGrid;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eagerae train}: trains one autoencoder or an ensemble into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {"Trains an autoencoder or an ensemble into a run folder.",
            "",
            "Trains K convolutional autoencoders (K = 1: the monolithic model), each from a seed of its own, of the paper's"
                + " architecture for the images (MNIST's: 5x5 convolutions with 16 then 32 filters, 2x2 pooling; CIFAR-10's, for"
                + " 3x32x32 images: 32 then 64 filters) or of the layers --filters, --kernel and --pool give, and keeps every member's checkpoint after every epoch: checkpoints and classify later pick one"
                + " per member, by epoch or by training time. --resume continues an interrupted run.",
            "",
            "Reads: a published dataset (fetched on first use) or your own images (--dataset idx, folder or npy).",
            "Writes: the run folder --out: run.json, metrics.csv, schedule.csv, members/mNN/epoch-NNN.params,"
                + " figures/ and, with --stop auto, probe.csv (docs/RUN-FOLDER.md describes them)."},
        footerHeading = "%nExamples:%n",
        footer = {"  eagerae train --preset mnist-small --epochs 10 --out runs/mono",
            "  eagerae train --preset mnist-small --members 5 --epochs 10 --out runs/ens",
            "  eagerae train --preset mnist-small --members 5 --epochs 30 --stop auto --out runs/eager",
            "  eagerae train --dataset folder --images scans --image-shape 1x64x64 --filters 16,32,64 --kernel 3 --members 5 --out runs/scans",
            "  eagerae train --resume --out runs/ens"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ArchitectureOptions architecture = new ArchitectureOptions();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = "--members", converter = OptionValues.AtLeastOne.class, defaultValue = "1", description = "Autoencoders to train, K (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--seed", defaultValue = "1", description = "Run seed; member seeds are drawn from it (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", paramLabel = "<epochs>", converter = OptionValues.AtLeastOne.class, defaultValue = "100", description = "Most epochs per member (default: ${DEFAULT-VALUE}).")
    int maxEpochs;

    @Option(names = "--stop", description = "Stopping rule: none, epochs:N, time:SECONDS, plateau:REL or convergence, per member; or auto,"
            + " for the whole ensemble: it stops when a validation probe of its vote stops improving (probe.csv). Default: convergence"
            + " for one member, none for an ensemble, whose checkpoints are picked later by epoch or budget.")
    String stop;

    @Option(names = "--min-delta", converter = OptionValues.NotNegative.class, defaultValue = "0.001", description = "convergence: relative improvement that counts (default: ${DEFAULT-VALUE}).")
    double minDelta;

    @Option(names = "--patience", converter = OptionValues.AtLeastOne.class, description = "convergence and auto: epochs without improvement before stopping (default: 3 for convergence, 2 for auto).")
    Integer patience;

    @Option(names = "--min-gain", paramLabel = "<points/min>", converter = OptionValues.NotNegative.class, description = "auto: also stop when the probe's best vote gained fewer percentage points per minute of training in the last epoch (default: 0, off).")
    Double minGainPerMinute;

    @Option(names = "--probe-images", paramLabel = "<images>", converter = OptionValues.AtLeastOne.class, description = "auto: validation images the probe scores after every epoch (default: 1000; all when fewer).")
    Integer probeImages;

    @Option(names = "--unlabelled", paramLabel = "<path>",
            description = "Images without labels that the autoencoders also train on: a folder of PNG or JPEG images (sub-folders or"
                    + " not, each of the model's size), an IDX image file or a .npy file of float32 images (N, C, H, W) in [0, 1]. A tenth"
                    + " of them join the validation images of the reconstruction loss. The classifiers' standardisation,"
                    + " principal components and label spreading read the rest too (never with labels of their own: the spread heads"
                    + " train on the labels spreading gives them); run.json records their counts and checksum.")
    Path unlabelled;

    @Option(names = "--bootstrap", description = "Each member trains on its own bootstrap resample (bagging).")
    boolean bootstrap;

    @Option(names = "--restart-stuck", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Start a member that learnt nothing (its validation loss stays at what a constant output gives)"
                    + " again from the next seed of the run's stream, at most 3 times; --no-restart-stuck keeps every seed"
                    + " as it comes (default: ${DEFAULT-VALUE}).")
    boolean restartStuck;

    @Option(names = "--batch-size", converter = OptionValues.AtLeastOne.class, defaultValue = "100", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", converter = OptionValues.PositiveFloat.class, defaultValue = "0.001", description = "Adam step size (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--backend", converter = OptionValues.Backend.class, description = "inline, processes, spark, or another installed backend (default: processes when K > 1, else inline).")
    BackendName backend;

    @Option(names = "--workers", converter = OptionValues.AtLeastOne.class,
            description = "Members trained at the same time, e.g. worker processes (default: cores).")
    Integer workers;

    @Option(names = "--threads", converter = OptionValues.AtLeastOne.class,
            description = "Intra-op threads per member (default: spark.task.cpus on spark, else cores / members trained at once;"
                    + " stored with the run); at most 4 per core a member runs on, and more than its cores only with a warning.")
    Integer threads;

    @Option(names = "--out", description = "Run folder (default: runs/train-<time>). Must be new or empty.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last complete checkpoints, with the settings in"
            + " its run.json; only --backend, --workers and the Spark options may be given with it.")
    boolean resume;

    @Override
    public Integer call() {
        if (resume && out == null) {
            throw new InvalidInputException("--resume needs --out, the run folder to continue");
        }
        RunDirectory resumed = null;
        RunSpec stored = null;
        if (resume) {
            ResumeOptions.refuseOptionsThatDecideTheNumbers(command, "the run's run.json");
            resumed = RunDirectory.open(out);
            stored = resumed.readManifest().spec();
        }
        int runMembers = resume ? stored.members() : members;
        Execution chosen = Training.execution(Optional.ofNullable(backend), optional(workers), runMembers, Map.of());
        Execution execution = chosen.withProperties(spark.properties(chosen.backend()));
        RunManifest done;
        RunDirectory run;
        // the backend is opened, and refuses what it cannot run, before a new run folder is made
        try (Backend runner = Backends.open(execution)) {
            Path target = resume ? out : out != null ? out : defaultOut();
            if (!resume) {
                RunDirectory.requireUnused(target);
            }
            RunSpec spec = resume ? stored : spec(threads != null ? threads : Training.threadsPerMember(runner, members));
            Training.requireThreads(spec.threads(), runner); // before the engine is set up or data fetched; the warning comes with the run
            EngineSetup.configure(spec.threads()); // before anything starts the engine (run.json records its version)
            if (resume) {
                run = resumed;
            } else {
                System.out.println("data: " + spec.data().ensureFetched());
                if (spec.unlabelled() != null) {
                    System.out.println("autoencoders also on " + spec.unlabelled().describe());
                }
                run = Training.start(spec, target, runner);
            }
            System.out.printf("training %d member(s) of %s on %s with the %s backend into %s%n", spec.members(),
                    spec.model().describe(), spec.data().describe(), execution.backend(), run.root());
            try (ProgressReporter progress = ProgressReporter.forConsole(spec)) {
                done = Training.run(run, runner, progress);
            }
        }
        ReconstructionGrid.writeForRun(run, done);
        for (MemberStatus m : done.members()) {
            System.out.println(m.isFailed()
                    ? String.format("m%02d FAILED: %s", m.member(), m.error())
                    : String.format("m%02d %d epochs, val loss %.5f, %.1f s, stopped by %s", m.member(), m.epochs(),
                            m.finalValLoss(), m.trainSeconds(), m.stopReason()));
        }
        System.out.printf("run folder: %s (%.1f s)%n", run.root(), done.wallSeconds());
        if (done.anyFailed()) {
            // one line on standard error, naming each failed member and why (ErrorLines); exit code 1
            throw new MembersFailedException("run " + run.root(), done);
        }
        return 0;
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** The settings of a new run, with {@code threads} intra-op threads per member. */
    private RunSpec spec(int threads) {
        String text = stop != null ? stop : (members == 1 ? "convergence" : "none");
        StoppingRule rule = StoppingRule.parse(text, minDelta, patience != null ? patience
                : text.strip().equals("auto") ? StoppingRule.AUTO_PATIENCE : 3);
        if (rule instanceof StoppingRule.Auto auto) {
            rule = auto.withMinGainPerMinute(minGainPerMinute != null ? minGainPerMinute : 0)
                    .withProbeImages(probeImages != null ? probeImages : StoppingRule.Auto.DEFAULT_PROBE_IMAGES);
        } else if (minGainPerMinute != null || probeImages != null) {
            throw new InvalidSettingException(minGainPerMinute != null ? "minGainPerMinute" : "probeImages", (minGainPerMinute != null ? "--min-gain" : "--probe-images")
                    + " applies to --stop auto only, not to --stop " + text);
        }
        var source = data.toSource(seed);
        int[] shape = source.shape();
        CaeSpec model = CaeSpec.of(shape[0], shape[1], shape[2], architecture.over(Architecture.presetFor(shape[0], shape[1], shape[2])));
        RunSpec spec = new RunSpec(source, model, members, seed,
                TrainingOptions.paper(maxEpochs).withBatchSize(batchSize).withLearningRate(learningRate).withStop(rule)
                        .withBootstrap(bootstrap).withRestartStuck(restartStuck), threads);
        return unlabelled == null ? spec : spec.withUnlabelled(UnlabelledImages.of(unlabelled, shape[0], shape[1], shape[2]));
    }

    private static Path defaultOut() {
        return Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}

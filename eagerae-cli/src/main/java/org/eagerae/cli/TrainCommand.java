package org.eagerae.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.eagerae.ensemble.Ensemble;
import org.eagerae.ensemble.MemberStatus;
import org.eagerae.ensemble.RunConfig;
import org.eagerae.ensemble.RunDirectory;
import org.eagerae.ensemble.RunManifest;
import org.eagerae.model.CaeSpec;
import org.eagerae.report.ReconstructionGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eagerae train}: trains one autoencoder or an ensemble into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains K convolutional autoencoders (K = 1: the monolithic model) and writes a run folder:",
                "run.json, metrics.csv, members/mNN/epoch-NNN.params, figures/."})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--members", converter = OptionValues.AtLeastOne.class, defaultValue = "1", description = "Autoencoders to train, K (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--seed", defaultValue = "1", description = "Run seed; member seeds are drawn from it (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", converter = OptionValues.AtLeastOne.class, defaultValue = "100", description = "Most epochs per member (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--stop", description = {"Stopping rule per member: none, epochs:N, time:SECONDS, plateau:REL, convergence.",
            "Default: convergence for one member, none for an ensemble (pick checkpoints later by budget)."})
    String stop;

    @Option(names = "--min-delta", converter = OptionValues.NotNegative.class, defaultValue = "0.001", description = "convergence: relative improvement that counts (default: ${DEFAULT-VALUE}).")
    double minDelta;

    @Option(names = "--patience", converter = OptionValues.AtLeastOne.class, defaultValue = "3", description = "convergence: epochs without improvement before stopping (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--bootstrap", description = "Each member trains on its own bootstrap resample (bagging).")
    boolean bootstrap;

    @Option(names = "--batch-size", converter = OptionValues.AtLeastOne.class, defaultValue = "100", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", converter = OptionValues.PositiveFloat.class, defaultValue = "0.001", description = "Adam step size (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--backend", description = "inline or processes (default: processes when K > 1, else inline).")
    String backend;

    @Option(names = "--workers", converter = OptionValues.AtLeastOne.class, description = "Worker processes for the processes backend (default: cores).")
    Integer workers;

    @Option(names = "--threads", converter = OptionValues.AtLeastOne.class, description = "Intra-op threads per training process (default: cores / workers).")
    Integer threads;

    @Option(names = "--out", description = "Run folder (default: runs/train-<time>). Must be new or empty.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last complete checkpoints, with its stored settings.")
    boolean resume;

    @Override
    public Integer call() {
        RunDirectory run;
        RunManifest manifest;
        if (resume) {
            if (out == null) {
                throw new org.eagerae.InvalidInputException("--resume needs --out, the run folder to continue");
            }
            run = RunDirectory.open(out);
            manifest = run.readManifest();
            EngineSetup.configure(manifest.config().threads());
        } else {
            RunConfig config = config();
            MemoryCheck.requireFits(config);
            EngineSetup.configure(config.backend().equals("inline") ? config.threads() : 1);
            Path target = out != null ? out : defaultOut();
            RunDirectory.requireUnused(target);
            System.out.println("data: " + config.data().ensureFetched());
            config.data().load(); // fetch and check the data before anything is written
            run = RunDirectory.create(target);
            manifest = RunManifest.start(config);
            run.writeManifest(manifest);
        }
        RunConfig config = manifest.config();
        System.out.printf("training %d member(s) of %s on %s with the %s backend into %s%n", config.members(),
                config.spec().describe(), config.data().describe(), config.backend(), run.root());
        RunManifest done;
        try (ProgressReporter progress = ProgressReporter.forConsole(config)) {
            done = Ensemble.train(run, manifest, progress);
        }
        ReconstructionGrid.writeForRun(run, done);
        for (MemberStatus m : done.members()) {
            System.out.println(m.isFailed()
                    ? String.format("m%02d FAILED: %s", m.member(), m.error())
                    : String.format("m%02d %d epochs, val loss %.5f, %.1f s, stopped by %s", m.member(), m.epochs(),
                            m.finalValLoss(), m.trainSeconds(), m.stopReason()));
        }
        System.out.printf("run folder: %s (%.1f s)%n", run.root(), done.wallSeconds());
        return done.anyFailed() ? 1 : 0;
    }

    private RunConfig config() {
        String chosenBackend = backend != null ? backend : (members > 1 ? "processes" : "inline");
        int cores = EngineSetup.cores();
        int chosenWorkers = workers != null ? workers : cores;
        int chosenThreads = threads != null ? threads
                : chosenBackend.equals("inline") ? cores : Math.max(1, cores / Math.min(chosenWorkers, members));
        String chosenStop = stop != null ? stop : (members == 1 ? "convergence" : "none");
        var source = data.toSource(seed);
        int[] shape = source.shape();
        CaeSpec spec = CaeSpec.forImages(shape[0], shape[1], shape[2]);
        return new RunConfig(source, spec, members, seed, batchSize, learningRate, epochs, chosenStop, minDelta,
                patience, bootstrap, chosenBackend, chosenWorkers, chosenThreads);
    }

    private static Path defaultOut() {
        return Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}

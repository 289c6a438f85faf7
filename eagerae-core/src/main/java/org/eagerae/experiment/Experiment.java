package org.eagerae.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eagerae.classify.Classification;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.classify.Method;
import org.eagerae.data.DataSource;
import org.eagerae.data.DataSplit;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.CheckpointChoice;
import org.eagerae.ensemble.Ensemble;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.ProcessBackend;
import org.eagerae.ensemble.RunConfig;
import org.eagerae.ensemble.RunDirectory;
import org.eagerae.ensemble.RunManifest;
import org.eagerae.ensemble.WorkerPool;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.EpochRecord;

/**
 * The paper's experiment: per repeat, the monolithic CAE trained to convergence and K members
 * trained in parallel with a checkpoint per epoch, then classifiers on their encoders at a series
 * of epochs and at equal wall-clock budgets. Every step's output stays in the experiment folder;
 * a rerun skips finished runs and results, so an interrupted experiment resumes where it stopped.
 */
public final class Experiment {

    /** Models of a repeat. */
    public static final String MONOLITHIC = "monolithic";
    /** The parallel ensemble. */
    public static final String ENSEMBLE = "ensemble";
    /** Added to a repeat's seed for the ensemble's member seeds. */
    public static final long ENSEMBLE_SEED_OFFSET = 1_000_000;

    private final ExperimentLayout layout;
    private final ExperimentConfig config;
    private final int cores;
    private final Consumer<String> log;
    private final EnsembleListener progress;
    private final java.util.function.LongFunction<DataSource> data;

    public Experiment(ExperimentLayout layout, ExperimentConfig config, int cores, Consumer<String> log, EnsembleListener progress) {
        this(layout, config, cores, log, progress, seed -> {
            int[] sizes = config.sizes();
            return new DataSource(config.dataset(), config.dataDir(), null, sizes[0], sizes[1], 0, seed);
        });
    }

    /** An experiment on other data than its preset's (the protocol unchanged), e.g. small files in tests. */
    public Experiment(ExperimentLayout layout, ExperimentConfig config, int cores, Consumer<String> log, EnsembleListener progress,
            java.util.function.LongFunction<DataSource> data) {
        this.layout = layout;
        this.config = config;
        this.cores = cores;
        this.log = log;
        this.progress = progress;
        this.data = data;
    }

    /** The data of a repeat: both models see the same split. */
    public DataSource data(long seed) {
        return data.apply(seed);
    }

    /** The monolithic model of a repeat: one CAE, validation-based stopping, all cores. */
    public RunConfig monolithic(long seed) {
        return new RunConfig(data(seed), spec(), 1, seed, 100, 1e-3f, config.monoMaxEpochs(), "convergence", 0.001, 3, false,
                "inline", 1, cores);
    }

    /**
     * The ensemble of a repeat: K members in worker processes, a checkpoint every epoch. Its
     * members' seeds come from {@code seed + ENSEMBLE_SEED_OFFSET}, so that no member starts from
     * the monolithic model's weights; the data split is the same.
     */
    public RunConfig ensemble(long seed) {
        int workers = Math.min(config.workers(), config.members());
        return new RunConfig(data(seed), spec(), config.members(), seed + ENSEMBLE_SEED_OFFSET, 100, 1e-3f, config.ensembleEpochs(), "none", 0.001, 3,
                false, "processes", workers, Math.max(1, cores / workers));
    }

    private CaeSpec spec() {
        return config.dataset().equals("cifar10") ? CaeSpec.cifar10() : CaeSpec.mnist();
    }

    /** How many rounds the ensemble's members take on its workers: its wall-clock is this times a member's time. */
    public int waves() {
        int workers = Math.min(config.workers(), config.members());
        return (config.members() + workers - 1) / workers;
    }

    /** Runs (or resumes) every repeat; the ensembles of all repeats train on the same worker processes. */
    public void run() {
        try (WorkerPool workers = new WorkerPool(ensemble(config.seed()).threads())) {
            for (int repeat = 1; repeat <= config.repeats(); repeat++) {
                long seed = config.seed() + repeat - 1;
                log.accept("repeat " + repeat + "/" + config.repeats() + " (seed " + seed + "): monolithic CAE");
                RunConfig monolithic = monolithic(seed);
                RunDirectory mono = train(repeat, MONOLITHIC, monolithic, Backend.named(monolithic.backend()));
                log.accept("repeat " + repeat + "/" + config.repeats() + ": " + config.members() + " members in parallel");
                RunDirectory ensemble = train(repeat, ENSEMBLE, ensemble(seed), new ProcessBackend(workers));
                log.accept("repeat " + repeat + "/" + config.repeats() + ": classifiers");
                evaluate(repeat, seed, mono, ensemble);
            }
        }
    }

    private RunDirectory train(int repeat, String model, RunConfig runConfig, Backend backend) {
        java.nio.file.Path dir = layout.run(repeat, model);
        RunDirectory run;
        RunManifest manifest;
        if (java.nio.file.Files.exists(dir.resolve("run.json"))) {
            run = RunDirectory.open(dir);
            manifest = run.readManifest();
            if (manifest.finishedAt() != null && !manifest.anyFailed()) {
                return run;
            }
        } else {
            run = RunDirectory.create(dir);
            manifest = RunManifest.start(runConfig);
            run.writeManifest(manifest);
        }
        RunManifest done = Ensemble.train(run, manifest, progress, backend);
        if (done.anyFailed()) {
            throw new IllegalStateException(model + " of repeat " + repeat + " failed: " + done.members().stream()
                    .filter(m -> m.error() != null).map(m -> "m" + m.member() + ": " + m.error()).toList());
        }
        return run;
    }

    private void evaluate(int repeat, long seed, RunDirectory mono, RunDirectory ensemble) {
        Set<String> done = layout.readResults().stream().map(ResultRow::key).collect(Collectors.toSet());
        DataSplit data = data(seed).load();
        ClassifierOptions options = new ClassifierOptions(256, 1e-3f, 100, 25, 4, 0, 0, 0, 0f, seed);
        Classification classification = new Classification(spec(), data, options);
        Map<List<Integer>, List<ClassificationResult>> cache = new HashMap<>();
        List<EpochRecord> monoRows = mono.readMetrics();
        for (int e : config.classifyEpochs()) {
            if (e > monoRows.size()) {
                continue;
            }
            double seconds = monoRows.get(e - 1).elapsedSeconds();
            ResultRow probe = new ResultRow(repeat, MONOLITHIC, "single", "epoch", e, 0, 0, 0, 0);
            if (!done.contains(probe.key())) {
                List<ClassificationResult> r = classification.evaluate(CheckpointChoice.forEpoch(mono, e), Set.of(Method.SINGLE), "epoch " + e);
                ClassifyFile.append(mono, r);
                record(repeat, MONOLITHIC, "epoch", e, seconds, r);
            }
            evaluateEnsemble(repeat, ensemble, classification, cache, done, "budget", e, seconds, budgetChoices(ensemble, seconds));
        }
        int trained = ensemble.readMetrics().stream().mapToInt(EpochRecord::epoch).max().orElse(0);
        for (int e : config.classifyEpochs()) {
            if (e <= trained) {
                List<CheckpointChoice> choices = CheckpointChoice.forEpoch(ensemble, e);
                double seconds = waves() * choices.stream().mapToDouble(c -> c.record().elapsedSeconds()).max().orElse(0);
                evaluateEnsemble(repeat, ensemble, classification, cache, done, "epoch", e, seconds, choices);
            }
        }
    }

    /** Each member's checkpoint that fits the monolithic model's time, members training {@link #waves()} at a time; empty if none fits. */
    private List<CheckpointChoice> budgetChoices(RunDirectory ensemble, double monoSeconds) {
        try {
            return CheckpointChoice.forBudget(ensemble, monoSeconds / waves());
        } catch (org.eagerae.InvalidInputException tooShort) {
            return List.of();
        }
    }

    private void evaluateEnsemble(int repeat, RunDirectory ensemble, Classification classification,
            Map<List<Integer>, List<ClassificationResult>> cache, Set<String> done, String selection, int epoch, double seconds,
            List<CheckpointChoice> choices) {
        if (choices.isEmpty() || done.contains(new ResultRow(repeat, ENSEMBLE, "stacked", selection, epoch, 0, 0, 0, 0).key())) {
            return;
        }
        List<Integer> epochs = choices.stream().map(c -> c.record().epoch()).toList();
        List<ClassificationResult> r = cache.get(epochs);
        if (r == null) {
            r = classification.evaluate(choices, Set.copyOf(Method.FROZEN), selection + " " + epoch);
            ClassifyFile.append(ensemble, r);
            cache.put(epochs, r);
        }
        record(repeat, ENSEMBLE, selection, epoch, seconds, r);
    }

    private void record(int repeat, String model, String selection, int epoch, double seconds, List<ClassificationResult> results) {
        List<ResultRow> rows = new ArrayList<>();
        for (ClassificationResult r : results) {
            rows.add(new ResultRow(repeat, model, r.method().label(), selection, epoch, seconds, r.accuracy(), r.featureSeconds(),
                    r.classifierSeconds()));
            log.accept(String.format(java.util.Locale.ROOT, "  %s %s %s %d: %.2f%% (members at epochs %s)", model, r.method(),
                    selection, epoch, 100 * r.accuracy(), r.memberEpochs()));
        }
        layout.appendResults(rows);
    }
}

package org.eagerae.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eagerae.classify.Classification;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.classify.LabelBudget;
import org.eagerae.classify.MemberClassifiers;
import org.eagerae.classify.Method;
import org.eagerae.data.DataSource;
import org.eagerae.data.DataSplit;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.Backends;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.Training;
import org.eagerae.ensemble.InlineBackend;
import org.eagerae.ensemble.MembersFailedException;
import org.eagerae.ensemble.ProbeReplay;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;

/**
 * The paper's experiment: per repeat, the monolithic CAE trained to convergence and K members
 * trained in parallel with a checkpoint per epoch, then classifiers on their encoders at a series
 * of epochs and at equal wall-clock budgets, beside two baselines: the same classifier on the
 * images' pixels (no encoder), and the encoders at their initial weights (epoch 0, untrained); and the controls that
 * ensemble as much as the members' vote: K pixel heads and K heads on the monolithic encoder, each a vote over seeds, and,
 * when fine-tuning, the same network trained from scratch. With label budgets, the classifiers are trained again on each
 * budget's labelled images ({@link #labelCurve}): the label-efficiency curve. Every
 * step's output stays in the experiment folder; a rerun skips finished runs and results, so an
 * interrupted experiment resumes where it stopped.
 */
public final class Experiment {

    /** Models of a repeat. */
    public static final String MONOLITHIC = "monolithic";
    /** The parallel ensemble. */
    public static final String ENSEMBLE = "ensemble";
    /** No autoencoder: the classifier on the images' pixels ({@link Method#RAW_PIXELS}), once per repeat. */
    public static final String PIXELS = "pixels";
    /**
     * What the ensemble's classifiers are at its initial weights (epoch 0): the members' own and their votes. The stacked
     * classifier, as costly as all members' together, is left out there: untrained encoders are a baseline, not a contender.
     */
    static final List<Method> AT_INITIAL_WEIGHTS = List.of(Method.SINGLE, Method.SOFT_VOTE, Method.HARD_VOTE);
    /** Added to a repeat's seed for the ensemble's member seeds. */
    public static final long ENSEMBLE_SEED_OFFSET = 1_000_000;
    /** The rule whose stop the auto view replays on both models' runs ({@link Selection#AUTO}). */
    public static final StoppingRule.Auto AUTO_RULE = StoppingRule.Auto.defaults();

    private final ExperimentLayout layout;
    private final ExperimentConfig config;
    private final int cores;
    private final Consumer<String> log;
    private final EnsembleListener progress;
    private final ClassifierListener classifierProgress;
    private final java.util.function.LongFunction<DataSource> data;
    private final Optional<Backend> ensembleBackend;

    public Experiment(ExperimentLayout layout, ExperimentConfig config, int cores, Consumer<String> log, EnsembleListener progress) {
        this(layout, config, cores, log, progress, ClassifierListener.NONE);
    }

    /** An experiment on its preset's data, with {@code classifierProgress} hearing the classifier phase. */
    public Experiment(ExperimentLayout layout, ExperimentConfig config, int cores, Consumer<String> log, EnsembleListener progress,
            ClassifierListener classifierProgress) {
        this(layout, config, cores, log, progress, classifierProgress, seed -> {
            int[] sizes = config.sizes();
            return new DataSource.Published(config.dataset(), config.dataDir(), sizes[0], sizes[1], 0, seed);
        });
    }

    /** An experiment on other data than its preset's (the protocol unchanged), e.g. small files in tests. */
    public Experiment(ExperimentLayout layout, ExperimentConfig config, int cores, Consumer<String> log, EnsembleListener progress,
            java.util.function.LongFunction<DataSource> data) {
        this(layout, config, cores, log, progress, ClassifierListener.NONE, data);
    }

    /** As the constructor above, with {@code classifierProgress} hearing the classifier phase (features, every classifier's epochs). */
    public Experiment(ExperimentLayout layout, ExperimentConfig config, int cores, Consumer<String> log, EnsembleListener progress,
            ClassifierListener classifierProgress, java.util.function.LongFunction<DataSource> data) {
        this(layout, config, cores, log, progress, classifierProgress, data, Optional.empty());
    }

    private Experiment(ExperimentLayout layout, ExperimentConfig config, int cores, Consumer<String> log, EnsembleListener progress,
            ClassifierListener classifierProgress, java.util.function.LongFunction<DataSource> data, Optional<Backend> ensembleBackend) {
        this.classifierProgress = classifierProgress;
        this.layout = layout;
        this.config = config;
        this.cores = cores;
        this.log = log;
        this.progress = progress;
        this.data = data;
        this.ensembleBackend = ensembleBackend;
    }

    /**
     * This experiment with its ensembles trained on {@code backend} (a cluster, say) instead of
     * worker processes: members get the backend's threads where it fixes them, and the ensemble's
     * members' classifiers run where the backend offers to run them ({@link Backend#memberClassifiers()}).
     * The experiment closes the backend when it has run.
     */
    public Experiment withEnsembleBackend(Backend backend) {
        return new Experiment(layout, config, cores, log, progress, classifierProgress, data, Optional.of(backend));
    }

    /** The data of a repeat: both models see the same split. */
    public DataSource data(long seed) {
        return data.apply(seed);
    }

    /**
     * Checks that every label budget ({@link ExperimentConfig#labelBudgets}) fits every repeat's training split, drawing each
     * as its repeat will; nothing is written.
     *
     * @throws org.eagerae.InvalidSettingException when a budget is more than a class has in a repeat's training split, or a
     *                                             budget in all fewer than two labels per class
     */
    public void checkLabelBudgets() {
        if (config.labelBudgets().stream().allMatch(LabelAmount::everyLabel)) {
            return;
        }
        for (int repeat = 1; repeat <= config.repeats(); repeat++) {
            long seed = config.seed() + repeat - 1;
            DataSplit split = data(seed).load();
            for (LabelAmount budget : config.labelBudgets()) {
                budget.drawnWith(seed).ifPresent(drawn -> drawn.choose(split));
            }
        }
    }

    /** The controls by model: K raw-pixel heads with different seeds; K heads on the monolithic model's encoder. */
    static final Method PIXELS_CONTROL = Method.RAW_PIXELS_VOTE;
    static final Method MONOLITHIC_CONTROL = Method.HEAD_VOTE;

    /**
     * The monolithic model of a repeat: one CAE, validation-based stopping, {@code threads} intra-op threads (this JVM's); with
     * the experiment's unlabelled images, if any, beside the split's.
     */
    public RunSpec monolithic(long seed, int threads) {
        return new RunSpec(data(seed), spec(), 1, seed,
                TrainingOptions.paper(config.monoMaxEpochs()).withStop(new StoppingRule.Convergence(0.001, 3))
                        .withRestartStuck(config.restartStuck()), threads).withUnlabelled(config.unlabelled());
    }

    /**
     * The ensemble of a repeat: K members, a checkpoint every epoch, {@code threads} intra-op
     * threads each. Its members' seeds come from {@code seed + ENSEMBLE_SEED_OFFSET}, so that no
     * member starts from the monolithic model's weights; the data split is the same.
     */
    public RunSpec ensemble(long seed, int threads) {
        return new RunSpec(data(seed), spec(), config.members(), seed + ENSEMBLE_SEED_OFFSET,
                TrainingOptions.paper(config.ensembleEpochs()).withRestartStuck(config.restartStuck()), threads)
                .withUnlabelled(config.unlabelled());
    }

    private CaeSpec spec() {
        return config.model();
    }

    /**
     * Runs (or resumes) every repeat; the ensembles of all repeats train on one backend (by default
     * worker processes, kept warm from one repeat to the next).
     */
    public void run() {
        try (Backend inline = new InlineBackend();
                Backend workers = ensembleBackend.orElseGet(() -> Backends.open(
                        Training.execution(Optional.empty(), OptionalInt.of(Math.min(config.workers(), config.members())), config.members(), Map.of())))) {
            int threads = Training.threadsPerMember(workers, config.members(), cores);
            for (int repeat = 1; repeat <= config.repeats(); repeat++) {
                long seed = config.seed() + repeat - 1;
                log.accept("repeat " + repeat + "/" + config.repeats() + " (seed " + seed + "): monolithic CAE");
                RunDirectory mono = train(repeat, MONOLITHIC, monolithic(seed, Training.threadsPerMember(inline, 1, cores)), inline);
                log.accept("repeat " + repeat + "/" + config.repeats() + ": " + config.members() + " members in parallel");
                RunDirectory ensemble = train(repeat, ENSEMBLE, ensemble(seed, threads), workers);
                log.accept("repeat " + repeat + "/" + config.repeats() + ": classifiers");
                // with the unlabelled images, if any, among the images the classifiers' unsupervised steps read
                DataSplit data = ensemble(seed, threads).loadClassifierData();
                evaluate(repeat, seed, data, mono, ensemble, workers.memberClassifiers());
                if (!config.labelBudgets().isEmpty()) {
                    log.accept("repeat " + repeat + "/" + config.repeats() + ": classifiers with " + config.describeBudgets());
                    labelCurve(repeat, seed, data, mono, ensemble, workers.memberClassifiers());
                }
            }
        }
    }

    private RunDirectory train(int repeat, String model, RunSpec spec, Backend backend) {
        java.nio.file.Path dir = layout.run(repeat, model);
        RunManifest done = Training.startOrResume(dir, spec, backend, progress);
        if (done.anyFailed()) {
            throw new MembersFailedException(model + " run of repeat " + repeat + " (" + dir + ")", done);
        }
        return RunDirectory.open(dir);
    }

    /**
     * Classifies on the encoders of a repeat: the baselines ({@link #baselines}); the ensemble with every member at each
     * evaluated epoch; the monolithic model at each evaluated epoch; and the ensemble at the monolithic model's time, in the
     * three ways of {@link Selection}. Results already in {@code results.csv} are not computed again. The ensemble's members'
     * classifiers run where {@code elsewhere} runs them, if anywhere ({@link EnsembleClassifications}).
     */
    private void evaluate(int repeat, long seed, DataSplit data, RunDirectory mono, RunDirectory ensemble,
            Optional<MemberClassifiers> elsewhere) {
        Evaluation evaluation = new Evaluation(repeat, ensemble, config.classifierOptions(seed), data, elsewhere);
        baselines(evaluation, mono, ensemble);
        int trained = ensemble.readMetrics().stream().mapToInt(EpochRecord::epoch).max().orElse(0);
        for (int e : config.classifyEpochs()) {
            if (e <= trained) {
                List<CheckpointChoice> choices = new CheckpointSelection.Epoch(e).choose(ensemble);
                double seconds = ensembleSeconds(ensemble, e, choices);
                evaluation.ensemble(Selection.EPOCH, e, seconds, choices, Method.ON_ENCODERS);
            }
        }
        Map<Integer, EpochRecord> monoEpochs = mono.member(0).epochs().stream()
                .collect(Collectors.toMap(EpochRecord::epoch, r -> r));
        for (int e : config.classifyEpochs()) {
            if (!monoEpochs.containsKey(e)) {
                continue;
            }
            double seconds = monoEpochs.get(e).elapsedSeconds();
            evaluation.monolithic(mono, e, seconds);
            if (config.labelStudy()) {
                continue; // the study asks about labels: no comparisons at equal time
            }
            evaluation.ensemble(Selection.SHARED_WORKERS, e, seconds, atRunTime(ensemble, seconds), Method.ON_ENCODERS);
            evaluation.ensemble(Selection.ONE_WORKER_PER_MEMBER, e, seconds, budgetChoices(ensemble, seconds), Method.ON_ENCODERS);
            double monoTotal = seconds + classifyingSeconds(repeat, MONOLITHIC, Method.SINGLE, e);
            for (Method method : Method.ON_ENCODERS) {
                double ensembleClassifying = medianClassifyingSeconds(repeat, method);
                evaluation.ensemble(Selection.WITH_CLASSIFIER, e, monoTotal,
                        atRunTime(ensemble, monoTotal - ensembleClassifying), List.of(method));
            }
        }
        if (!config.labelStudy()) {
            autoView(evaluation, ensemble, ENSEMBLE, Method.SOFT_VOTE);
            autoView(evaluation, mono, MONOLITHIC, Method.SINGLE);
        }
        if (config.fineTune()) {
            fineTuning(evaluation, trained);
        }
    }

    /**
     * The label-efficiency curve of a repeat ({@link ExperimentConfig#labelBudgets}): for each budget, classifiers trained
     * and early-stopped on that budget's labelled images alone ({@link LabelBudget}), drawn with the repeat's seed, so that the
     * ensemble, the monolithic model and raw pixels learn from the same images: the ensemble's methods on its members at its last
     * evaluated epoch, the monolithic model's classifier and its K heads at its last evaluated epoch, and raw pixels and their K
     * heads; the ensemble's members and votes at their initial weights (epoch 0, untrained); the semi-supervised methods on the
     * ensemble and on raw pixels ({@link ExperimentConfig#spreadingOptions}); with fine-tuning, and always in the
     * label-efficiency study ({@link ExperimentConfig#labelStudy()}), the members fine-tuned on the budget and the same network
     * from scratch. The autoencoders are those of the repeat, trained on every image. The budget of every label (0) is the
     * protocol's own results at those epochs, not classified again.
     */
    private void labelCurve(int repeat, long seed, DataSplit data, RunDirectory mono, RunDirectory ensemble,
            Optional<MemberClassifiers> elsewhere) {
        int trained = ensemble.readMetrics().stream().mapToInt(EpochRecord::epoch).max().orElse(0);
        int ensembleEpoch = lastEvaluated(trained, e -> true);
        Set<Integer> monoEpochs = mono.member(0).epochs().stream().map(EpochRecord::epoch).collect(Collectors.toSet());
        int monoEpoch = lastEvaluated(Integer.MAX_VALUE, monoEpochs::contains);
        for (LabelAmount budget : config.labelBudgets()) {
            if (budget.everyLabel()) {
                continue;
            }
            Evaluation evaluation = new Evaluation(repeat, ensemble, budget.applyTo(config.classifierOptions(seed)), data, elsewhere);
            Evaluation spreading = new Evaluation(repeat, ensemble, budget.applyTo(config.spreadingOptions(seed)), data, elsewhere);
            evaluation.pixels();
            spreading.semiSupervised(PIXELS, List.of(), 0, 0);
            evaluation.ensemble(Selection.EPOCH, 0, 0, initialWeights(ensemble), AT_INITIAL_WEIGHTS);
            if (ensembleEpoch > 0) {
                List<CheckpointChoice> choices = new CheckpointSelection.Epoch(ensembleEpoch).choose(ensemble);
                double seconds = ensembleSeconds(ensemble, ensembleEpoch, choices);
                evaluation.ensemble(Selection.EPOCH, ensembleEpoch, seconds, choices, Method.ON_ENCODERS);
                spreading.semiSupervised(ENSEMBLE, choices, ensembleEpoch, seconds);
            }
            if (monoEpoch > 0) {
                evaluation.monolithic(mono, monoEpoch, mono.member(0).epochs().stream().filter(r -> r.epoch() == monoEpoch)
                        .findFirst().orElseThrow().elapsedSeconds());
            }
            if (config.fineTune() || config.labelStudy()) {
                fineTuning(evaluation, trained); // on a budget's few labels, fine-tuning takes seconds
            }
        }
    }

    /**
     * {@code method}'s results in {@code run}'s classify.json with every label and a validation accuracy, every member at one
     * epoch, by that epoch (the first recorded where there are several).
     */
    static java.util.TreeMap<Integer, ClassificationResult> byEpochWithEveryLabel(RunDirectory run, Method method) {
        int members = run.readManifest().spec().members();
        java.util.TreeMap<Integer, ClassificationResult> byEpoch = new java.util.TreeMap<>();
        for (ClassificationResult r : ClassifyFile.read(run)) {
            if (r.method() == method && (r.classifier() == null || r.classifier().labelBudget().isEmpty()) && r.validationAccuracy() != null
                    && r.memberEpochs().size() == members && r.memberEpochs().stream().distinct().count() == 1) {
                byEpoch.putIfAbsent(r.memberEpochs().get(0), r);
            }
        }
        return byEpoch;
    }

    /** The last of the evaluated epochs up to {@code max} that {@code reached}; 0 if none. */
    private int lastEvaluated(int max, java.util.function.IntPredicate reached) {
        return config.classifyEpochs().stream().filter(e -> e <= max && reached.test(e)).mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * The members fine-tuned end to end from their last evaluated epoch, and the same network from their initial weights (epoch 0:
     * trained from scratch, on the same labels, schedule and augmentation): {@code fine-tune} (the members' mean) and
     * {@code fine-tune-vote}, recorded by epoch. A run without its initial weights is fine-tuned from its last epoch only.
     */
    private void fineTuning(Evaluation evaluation, int trained) {
        int last = config.classifyEpochs().stream().filter(e -> e <= trained).mapToInt(Integer::intValue).max().orElse(0);
        if (last == 0) {
            return;
        }
        for (int e : List.of(last, 0)) {
            List<CheckpointChoice> choices = e == 0 ? initialWeights(evaluation.ensemble) : new CheckpointSelection.Epoch(e).choose(evaluation.ensemble);
            if (choices.isEmpty() || evaluation.missing(ENSEMBLE, e, List.of(Method.FINE_TUNE, Method.FINE_TUNE_VOTE)).isEmpty()) {
                continue;
            }
            List<ClassificationResult> results = evaluation.classification.fineTune(choices, new CheckpointSelection.Epoch(e));
            ClassifyFile.append(evaluation.ensemble, results);
            double seconds = e == 0 ? 0 : ensembleSeconds(evaluation.ensemble, e, choices);
            evaluation.record(ENSEMBLE, Selection.EPOCH, e, seconds, results);
        }
    }

    /**
     * The model as the probe would have stopped it ({@link Selection#AUTO}): the eager stop replayed on the run's checkpoints
     * ({@link ProbeReplay#replay}, its rows kept in the run's {@code probe.csv}) gives the stop epoch S; {@code method} is
     * classified at every epoch from 0 to S that the run's {@code classify.json} lacks, and the epoch of the best validation
     * accuracy (the earliest among equals) is recorded, its time the run's clock at S plus the probe's seconds. A run without
     * its initial weights is left without.
     */
    private void autoView(Evaluation evaluation, RunDirectory run, String model, Method method) {
        int repeat = evaluation.repeat;
        if (layout.readResults().stream().anyMatch(r -> r.repeat() == repeat && r.model().equals(model) && r.method() == method
                && r.selection() == Selection.AUTO) || initialWeights(run).isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        ProbeReplay.Decision decision = ProbeReplay.replay(run, AUTO_RULE);
        double probing = (System.nanoTime() - start) / 1e9;
        Map<Integer, ClassificationResult> classified = byEpochWithEveryLabel(run, method);
        ClassificationResult best = null;
        int chosen = 0;
        for (int e = 0; e <= decision.stopEpoch(); e++) {
            ClassificationResult r = classified.get(e);
            if (r == null) {
                List<CheckpointChoice> choices = new CheckpointSelection.Epoch(e).choose(run);
                List<ClassificationResult> results = run == evaluation.ensemble
                        ? evaluation.ofEnsemble.evaluate(choices, Set.of(method), new CheckpointSelection.Epoch(e))
                        : evaluation.classification.evaluate(choices, Set.of(method), new CheckpointSelection.Epoch(e));
                ClassifyFile.append(run, results);
                r = results.stream().filter(x -> x.method() == method).findFirst().orElseThrow();
            }
            if (best == null || r.validationAccuracy() > best.validationAccuracy()) {
                best = r;
                chosen = e;
            }
        }
        log.accept(String.format(java.util.Locale.ROOT, "  %s stopped by the probe after epoch %d (%s); probe %.1f s, auto view %.1f s in all",
                model, decision.stopEpoch(), decision.reason().orElse("its last epoch"), probing, (System.nanoTime() - start) / 1e9));
        record(repeat, model, Selection.AUTO, chosen, decision.seconds(), List.of(best));
    }

    /**
     * The baselines of a repeat, recorded by epoch at epoch 0 with no training time: the classifier on the images' pixels
     * ({@link #PIXELS}), and the ensemble's ({@link #AT_INITIAL_WEIGHTS}) and the monolithic model's classifiers on their
     * encoders' initial weights, the epoch-0 checkpoints (a run trained before they were kept has none, and is left without).
     */
    private void baselines(Evaluation evaluation, RunDirectory mono, RunDirectory ensemble) {
        int repeat = evaluation.repeat;
        evaluation.pixels();
        evaluation.ensemble(Selection.EPOCH, 0, 0, initialWeights(ensemble), AT_INITIAL_WEIGHTS);
        List<CheckpointChoice> monoInitial = initialWeights(mono);
        if (!monoInitial.isEmpty() && !evaluation.done(ResultRow.key(repeat, MONOLITHIC, Method.SINGLE, Selection.EPOCH, 0))) {
            List<ClassificationResult> r = evaluation.classification.evaluate(monoInitial, Set.of(Method.SINGLE), new CheckpointSelection.Epoch(0));
            ClassifyFile.append(mono, r);
            record(repeat, MONOLITHIC, Selection.EPOCH, 0, 0, r);
        }
    }

    /** Every member's initial weights; empty if a member has none (trained before they were kept). */
    private static List<CheckpointChoice> initialWeights(RunDirectory run) {
        try {
            List<CheckpointChoice> chosen = new CheckpointSelection.Epoch(0).choose(run);
            return chosen.size() == run.readManifest().spec().members() ? chosen : List.of();
        } catch (org.eagerae.InvalidInputException noEpochZero) {
            return List.of();
        }
    }

    /** The ensemble's time at {@code epoch}: when its last member finished it, on the run's clock (else the latest member's own time). */
    private double ensembleSeconds(RunDirectory ensemble, int epoch, List<CheckpointChoice> choices) {
        return ensemble.readSchedule().allEnded(config.members(), epoch)
                .orElse(choices.stream().mapToDouble(c -> c.record().elapsedSeconds()).max().orElse(0));
    }

    /** Seconds the classifier stage of a recorded result took. */
    private double classifyingSeconds(int repeat, String model, Method method, int epoch) {
        return layout.readResults().stream()
                .filter(r -> r.key().equals(ResultRow.key(repeat, model, method, Selection.EPOCH, epoch)))
                .mapToDouble(ResultRow::classifyingSeconds).findFirst().orElse(0);
    }

    /** The median time of the ensemble's classifier stage for a method, over its by-epoch results of a repeat (trained epochs: 1 on). */
    private double medianClassifyingSeconds(int repeat, Method method) {
        double[] v = layout.readResults().stream()
                .filter(r -> r.repeat() == repeat && r.model().equals(ENSEMBLE) && r.method() == method && r.selection() == Selection.EPOCH
                        && r.epoch() > 0 && r.budget().everyLabel())
                .mapToDouble(ResultRow::classifyingSeconds).sorted().toArray();
        return v.length == 0 ? 0 : (v[(v.length - 1) / 2] + v[v.length / 2]) / 2;
    }

    /** The ensemble as it stood {@code seconds} into its training, as its epochs were scheduled; empty if a member had no epoch by then. */
    private static List<CheckpointChoice> atRunTime(RunDirectory ensemble, double seconds) {
        try {
            return new CheckpointSelection.AtRunTime(seconds).choose(ensemble);
        } catch (org.eagerae.InvalidInputException tooShortOrNoSchedule) {
            return List.of();
        }
    }

    /**
     * Each member's latest checkpoint within {@code memberSeconds} of its own training time; empty if
     * a member had finished no epoch by then (the protocol compares trained encoders).
     */
    private static List<CheckpointChoice> budgetChoices(RunDirectory ensemble, double memberSeconds) {
        if (!(memberSeconds > 0)) {
            return List.of();
        }
        try {
            List<CheckpointChoice> chosen = new CheckpointSelection.Budget(memberSeconds).choose(ensemble);
            return chosen.stream().anyMatch(c -> c.record().epoch() == 0) ? List.of() : chosen;
        } catch (org.eagerae.InvalidInputException tooShort) {
            return List.of();
        }
    }

    /**
     * The classifications of one repeat with one label budget (or every label): each set of the ensemble's
     * checkpoints is classified once.
     */
    private final class Evaluation {
        private final int repeat;
        private final RunDirectory ensemble;
        private final Classification classification;
        private final EnsembleClassifications ofEnsemble;
        private final LabelAmount budget;
        private final Set<String> done;
        private final Map<List<Integer>, List<ClassificationResult>> byEpochs = new HashMap<>();

        /**
         * @param options   the classifiers' settings, with the label budget ({@link ClassifierOptions#labelBudget}), if any
         * @param data      the repeat's whole split; the classifiers see only the budget's labelled images of it ({@link LabelBudget})
         * @param elsewhere where the ensemble's members' classifiers run ({@link EnsembleClassifications}); empty for this process
         */
        Evaluation(int repeat, RunDirectory ensemble, ClassifierOptions options, DataSplit data, Optional<MemberClassifiers> elsewhere) {
            this.repeat = repeat;
            this.ensemble = ensemble;
            this.classification = new Classification(spec(), LabelBudget.apply(data, options), options, classifierProgress, cores);
            this.ofEnsemble = new EnsembleClassifications(classification, options, elsewhere);
            this.budget = LabelAmount.of(options);
            this.done = layout.readResults().stream().map(ResultRow::key).collect(Collectors.toSet());
        }

        /** Whether the result of {@code key} (a key of {@link ResultRow#key(int, String, Method, Selection, int)}, every label) is done. */
        boolean done(String key) {
            return done.contains(key);
        }

        private boolean done(String model, Method method, Selection selection, int epoch) {
            return done.contains(ResultRow.key(repeat, model, method, selection, epoch, budget));
        }

        /** Those of {@code methods} that {@code model} has no by-epoch result of at {@code epoch} in this repeat, in their order. */
        Set<Method> missing(String model, int epoch, List<Method> methods) {
            return methods.stream().filter(m -> !done(model, m, Selection.EPOCH, epoch))
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        }

        /** The classifier on the images' pixels and its vote of K seeds ({@link #PIXELS}), recorded at epoch 0. */
        void pixels() {
            Set<Method> pixels = missing(PIXELS, 0, List.of(Method.RAW_PIXELS, PIXELS_CONTROL));
            if (!pixels.isEmpty()) {
                record(PIXELS, Selection.EPOCH, 0, 0, classification.evaluate(List.of(), pixels, new CheckpointSelection.None()));
            }
        }

        /**
         * The semi-supervised methods ({@link Method#SEMI_SUPERVISED}) of {@code model}, recorded by epoch: on the images' pixels
         * ({@link #PIXELS}, no checkpoints, epoch 0) or on the ensemble's {@code choices} at {@code epoch}.
         */
        void semiSupervised(String model, List<CheckpointChoice> choices, int epoch, double seconds) {
            List<Method> methods = model.equals(PIXELS) ? List.of(Method.RAW_PIXELS_SPREAD) : List.of(Method.SPREAD, Method.SPREAD_VOTE);
            Set<Method> missing = missing(model, epoch, methods);
            if (missing.isEmpty()) {
                return;
            }
            List<ClassificationResult> results = model.equals(PIXELS)
                    ? classification.evaluate(List.of(), missing, new CheckpointSelection.None())
                    : ofEnsemble.evaluate(choices, missing, new CheckpointSelection.Epoch(epoch));
            if (!model.equals(PIXELS)) {
                ClassifyFile.append(ensemble, results);
            }
            record(model, Selection.EPOCH, epoch, seconds, results);
        }

        /**
         * The monolithic model at {@code epoch}: its own classifier, then apart (so that the classifier's time is its own) K heads
         * on its encoder, as much ensembling of heads as the members' vote.
         */
        void monolithic(RunDirectory mono, int epoch, double seconds) {
            for (Method method : missing(MONOLITHIC, epoch, List.of(Method.SINGLE, MONOLITHIC_CONTROL))) {
                List<ClassificationResult> r = classification.evaluate(new CheckpointSelection.Epoch(epoch).choose(mono), Set.of(method),
                        new CheckpointSelection.Epoch(epoch));
                ClassifyFile.append(mono, r);
                record(MONOLITHIC, Selection.EPOCH, epoch, seconds, r);
            }
        }

        private void record(String model, Selection selection, int epoch, double seconds, List<ClassificationResult> results) {
            Experiment.this.record(repeat, model, selection, epoch, seconds, results, budget);
        }

        /**
         * Records the given methods' results on the chosen checkpoints, classifying them unless already done: every method
         * on encoders, but at the initial weights only {@code methods} (the epoch-0 checkpoints serve no other selection).
         */
        void ensemble(Selection selection, int epoch, double seconds, List<CheckpointChoice> choices, List<Method> methods) {
            if (choices.isEmpty() || methods.stream().allMatch(m -> done(ENSEMBLE, m, selection, epoch))) {
                return;
            }
            List<Integer> epochs = choices.stream().map(c -> c.record().epoch()).toList();
            List<ClassificationResult> results = byEpochs.get(epochs);
            if (results == null) {
                Set<Method> computed = Set.copyOf(epochs.stream().allMatch(e -> e == 0) ? methods : Method.ON_ENCODERS);
                results = ofEnsemble.evaluate(choices, computed, new CheckpointSelection.Epochs(epochs));
                ClassifyFile.append(ensemble, results);
                byEpochs.put(epochs, results);
            }
            record(ENSEMBLE, selection, epoch, seconds, results.stream().filter(r -> methods.contains(r.method())).toList());
        }
    }

    private void record(int repeat, String model, Selection selection, int epoch, double seconds, List<ClassificationResult> results) {
        record(repeat, model, selection, epoch, seconds, results, LabelAmount.EVERY_LABEL);
    }

    private void record(int repeat, String model, Selection selection, int epoch, double seconds, List<ClassificationResult> results,
            LabelAmount budget) {
        List<ResultRow> rows = new ArrayList<>();
        for (ClassificationResult r : results) {
            rows.add(new ResultRow(repeat, model, r.method(), selection, epoch, seconds, r.accuracy(), r.featureSeconds(),
                    r.classifierSeconds(), r.diversity(), r.balancedAccuracy() == null ? Double.NaN : r.balancedAccuracy(),
                    budget.labelsPerClass(), r.labelsSha256(), r.unsupervisedImages(), budget.labelsInAll()));
            log.accept(String.format(java.util.Locale.ROOT, "  %s %s %s %d%s: %.2f%% (%s)", model, r.method(), selection.token(), epoch,
                    budget.everyLabel() ? "" : ", " + budget.describe(), 100 * r.accuracy(),
                    r.method().readsEncoders() ? "members at epochs " + r.memberEpochs() : "no encoder"));
        }
        layout.appendResults(rows);
    }
}

package org.eagerae.cli;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.eagerae.InvalidInputException;
import org.eagerae.classify.Classification;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.FeaturePooling;
import org.eagerae.classify.FineTuneAugmentation;
import org.eagerae.classify.MemberClassifiers;
import org.eagerae.classify.Method;
import org.eagerae.ensemble.ClassifierBackend;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.ThreadCount;
import org.eagerae.models.BestEpochSearch;
import org.eagerae.models.ModelComparison;
import org.eagerae.models.ModelTraining;
import org.eagerae.models.PcaSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eagerae classify}: classifiers on the encoders of a run. */
@Command(name = "classify", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {"Trains classifiers on a run's encoders and saves them.",
            "",
            "Trains classifiers (an MLP or logistic regression) on the activations of the members' frozen encoders, at"
                + " --epoch or within --budget seconds of training (default: each member's last checkpoint), and prints each"
                + " method's test accuracy. single trains one per member, stacked one on all members' activations; soft-vote"
                + " and hard-vote combine the single ones. --fine-tune also trains each encoder with its classifier. --epoch best"
                + " classifies at every epoch and keeps, per method, the epoch with the highest validation accuracy. raw-pixels,"
                + " the baseline, trains the same classifier on the images' pixels: it reads no checkpoint, so --epoch and"
                + " --budget do not change it. The controls ensemble as much as soft-vote without K encoders: raw-pixels-vote"
                + " votes over K raw-pixels classifiers with different seeds, head-vote over K classifiers with different seeds"
                + " on the first member's encoder (on a one-member run, the monolithic model's); K is --heads. --method controls"
                + " runs soft-vote with both; with --epoch 0 they compare against untrained encoders, and --epoch 0 --fine-tune"
                + " trains the same network from scratch.",
            "",
            "Reads: the run folder. Writes: every classifier as a model in the run's models/ folder (see eagerae models),"
                + " and the results, each naming its models, into classify.json."},
        footerHeading = "%nExamples:%n",
        footer = {"  eagerae classify --run runs/ens --epoch 3 --method all",
            "  eagerae classify --run runs/ens --budget 20 --method stacked --fine-tune",
            "  eagerae classify --run runs/ens --epoch best --method all",
            "  eagerae classify --run runs/ens --epoch 5 --method controls",
            "  eagerae classify --run runs/ens --epoch 5 --labels-per-class 10 --seed 2",
            "  eagerae classify --run runs/ens --labels-in-all 500 --method spread-vote,pixels-spread",
            "  eagerae classify --run runs/ens --method all --backend spark --spark-master spark://127.0.0.1:7077"})
final class ClassifyCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @Option(names = "--epoch", paramLabel = "<epoch>", converter = OptionValues.EpochOrBest.class,
            description = {"Every member's checkpoint after this epoch; 0: their initial weights, untrained (default: each member's last).",
                "best: classify at every epoch and keep, per method, the epoch with the highest validation accuracy"
                        + " (ties: the earlier); the test split is only reported."})
    String epoch;

    @Option(names = "--budget", paramLabel = "<budget>", converter = OptionValues.Positive.class,
            description = "Each member's latest checkpoint within this many training seconds; with --epoch best, the epochs tried are"
                    + " those every member reached within it.")
    Double budgetSeconds;

    @Option(names = "--epochs-from", paramLabel = "<epoch>", converter = OptionValues.AtLeastZero.class,
            description = "With --epoch best: the first epoch to try (default: 0, the untrained encoders).")
    Integer epochsFrom;

    @Option(names = "--epochs-to", paramLabel = "<epoch>", converter = OptionValues.AtLeastZero.class,
            description = "With --epoch best: the last epoch to try (default: the last every member has).")
    Integer epochsTo;

    @Option(names = "--method", defaultValue = "all", split = ",", completionCandidates = CompletionValues.Methods.class,
            description = "single, stacked, soft-vote, hard-vote, raw-pixels or all of them; the controls raw-pixels-vote and"
                    + " head-vote, or controls (soft-vote with both); the semi-supervised spread, spread-vote and raw-pixels-spread,"
                    + " which learn from labels spread to the training images outside a label budget and a run's unlabelled images too, or semi-supervised (all three); several with commas"
                    + " (default: ${DEFAULT-VALUE}).")
    List<String> method;

    @Option(names = "--heads", paramLabel = "<K>", converter = OptionValues.AtLeastOne.class,
            description = "How many classifiers with different seeds raw-pixels-vote and head-vote vote over (default: the run's members).")
    Integer heads;

    @Option(names = "--classifier", defaultValue = "mlp", completionCandidates = CompletionValues.Classifiers.class, description = "mlp or logistic (default: ${DEFAULT-VALUE}).")
    String classifier;

    @Option(names = "--hidden", converter = OptionValues.AtLeastOne.class, defaultValue = "256", description = "Hidden units of the MLP (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--batch-size", converter = OptionValues.AtLeastOne.class, description = "Examples per step of the classifiers on frozen features (default: 200; fine-tuning uses 100).")
    Integer batchSize;

    @Option(names = "--learning-rate", converter = OptionValues.PositiveFloat.class, description = "Adam's step size for the classifiers on frozen features (default: 0.002; fine-tuning uses 0.001).")
    Float learningRate;

    @Option(names = "--max-epochs", converter = OptionValues.AtLeastOne.class, description = "The classifiers' epoch cap (default: 60).")
    Integer maxEpochs;

    @Option(names = "--patience", converter = OptionValues.AtLeastOne.class, description = "Epochs without a better validation accuracy before the step size drops or training stops (default: 3).")
    Integer patience;

    @Option(names = "--lr-drops", paramLabel = "<drops>", converter = OptionValues.AtLeastZero.class, description = "How often the step size may drop (divided by 5) before training stops (default: 1).")
    Integer learningRateDrops;

    @Option(names = "--pca", paramLabel = "FRACTION|auto", converter = OptionValues.FractionOrAuto.class, description = "Train each head on its encoders' principal components that keep this fraction of their"
            + " standardised training activations' variance; 0 = on every feature; auto = per method the share of 0.99, 0.95, 0.8"
            + " and 0.5 whose classifiers score highest on the validation labels (a label budget's own), ties to the larger."
            + " Saved models read the activations either way (default: 0.99).")
    Double pcaVariance;

    @Option(names = "--feature-pooling", paramLabel = "none|average|grid:G", description = "What a head reads of each encoder's output:"
            + " every activation (none), each filter's map averaged (average: one value per filter) or averaged over a GxG grid of"
            + " cells (grid:G); pooling keeps the heads and their memory small on large images. Stored with the classifiers and"
            + " followed by predict, features and export (default: none).")
    String featurePooling;

    @Option(names = "--labels-per-class", paramLabel = "<N>", converter = OptionValues.AtLeastZero.class,
            description = "A label budget: the classifiers see only N labelled images of each class, a seeded choice (--seed) from the"
                    + " training split; a fifth of them (at least one) are their validation labels, for early stopping and --epoch best,"
                    + " and the validation split is not read. 0: every label (default: 0).")
    int labelsPerClass;

    @Option(names = "--labels-in-all", paramLabel = "<N>", converter = OptionValues.AtLeastZero.class,
            description = "A label budget in all, for classes of unequal sizes: the classifiers see only N labelled images, a seeded"
                    + " choice (--seed) from the training split shared among the classes in their proportions there (each at least 2:"
                    + " one to train on, one to early-stop on); a fifth of each class's (at least one) are its validation labels, as"
                    + " with --labels-per-class. 0: every label (default: 0).")
    int labelsInAll;

    @Option(names = "--fine-tune", description = "Also train each encoder with its classifier end to end.")
    boolean fineTune;

    @Option(names = "--fine-tune-augmentation", paramLabel = "shift-and-turn|none", converter = OptionValues.Augmentation.class,
            completionCandidates = CompletionValues.Augmentations.class,
            description = "With --fine-tune: move each training image by up to 2 pixels and turn it by up to 10 degrees, anew every"
                    + " epoch (shift-and-turn), or train on the images as they are (none) (default: shift-and-turn).")
    FineTuneAugmentation fineTuneAugmentation;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the classifiers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", converter = OptionValues.AtLeastOne.class,
            description = "Intra-op threads (default: cores); at most 4 per core, and more than the cores only with a warning.")
    Integer threads;

    @Option(names = "--backend", converter = OptionValues.Backend.class,
            description = "Where each member's activations, principal components and heads are computed: inline (here, the default)"
                    + " or spark (one member per executor, with the same numbers; see --spark-master). The stacked head, the votes,"
                    + " raw pixels and fine-tuning stay here.")
    BackendName backend;

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() {
        boolean best = "best".equals(epoch);
        if (epoch != null && !best && budgetSeconds != null) {
            throw new InvalidInputException("--epoch " + epoch + " and --budget exclude each other; --budget with --epoch best tries the"
                    + " epochs within the budget");
        }
        if (!best && (epochsFrom != null || epochsTo != null)) {
            throw new InvalidInputException((epochsFrom != null ? "--epochs-from" : "--epochs-to") + " goes with --epoch best");
        }
        if (fineTuneAugmentation != null && !fineTune) {
            throw new InvalidInputException("--fine-tune-augmentation goes with --fine-tune");
        }
        boolean choosePca = pcaVariance != null && pcaVariance.isNaN();
        if (choosePca && (best || backend != null)) {
            throw new InvalidInputException("--pca auto goes with --epoch E or --budget S on this machine, not with "
                    + (best ? "--epoch best" : "--backend"));
        }
        if (threads != null) {
            ThreadCount.require("threads", threads);
        }
        Map<String, String> sparkSettings = spark.properties(backend != null ? backend : Execution.inline().backend()); // Spark options without --backend spark are refused
        EngineSetup.configure(threads != null ? threads : EngineSetup.cores());
        RunDirectory dir = RunDirectory.open(run);
        Set<Method> methods = methods();
        int units = switch (classifier) {
            case "mlp" -> hidden;
            case "logistic" -> 0;
            default -> throw new InvalidInputException("unknown --classifier '" + classifier + "'; use mlp or logistic");
        };
        ClassifierOptions defaults = ClassifierOptions.defaults(seed);
        ClassifierOptions options = defaults.withHidden(units).withPcaVariance(choosePca ? defaults.pcaVariance() : or(pcaVariance, defaults.pcaVariance()))
                .withBatchSize(or(batchSize, defaults.batchSize())).withLearningRate(or(learningRate, defaults.learningRate()))
                .withMaxEpochs(or(maxEpochs, defaults.maxEpochs())).withPatience(or(patience, defaults.patience()))
                .withLearningRateDrops(or(learningRateDrops, defaults.learningRateDrops()))
                .withFeaturePooling(FeaturePooling.parse(featurePooling))
                .withFineTuneAugmentation(fineTuneAugmentation != null ? fineTuneAugmentation : FineTuneAugmentation.SHIFT_AND_TURN);
        options = options.withLabelsPerClass(labelsPerClass).withLabelsInAll(labelsInAll);
        int members = dir.readManifest().spec().members();
        if (heads != null) {
            options = options.withVotingHeads(heads);
        }
        int k = heads != null ? heads : members;
        boolean perMember = methods.stream().anyMatch(Method::needsMemberHeads);
        int classifiers = (methods.contains(Method.STACKED) ? 1 : 0) + (perMember ? members : 0) + (fineTune ? members : 0)
                + (methods.contains(Method.RAW_PIXELS_VOTE) ? k : methods.contains(Method.RAW_PIXELS) ? 1 : 0)
                + (methods.contains(Method.HEAD_VOTE) ? (perMember ? k - 1 : k) : 0)
                + (methods.stream().anyMatch(Method::needsSpreadHeads) ? members : 0) + (methods.contains(Method.RAW_PIXELS_SPREAD) ? 1 : 0);
        List<ClassificationResult> results;
        long start = System.nanoTime();
        try (ClassifierBackend cluster = ClassifierBackend.open(Optional.ofNullable(backend), sparkSettings)) {
            MemberClassifiers elsewhere = cluster.elsewhere().orElse(null);
            if (elsewhere != null) {
                Classification.requireRunsElsewhere(methods, options);
            }
            if (best) {
                BestEpochSearch search = new BestEpochSearch(budgetSeconds, epochsFrom, epochsTo);
                try (ProgressReporter progress = ProgressReporter.forCandidates()) {
                    results = elsewhere == null ? ModelTraining.classifyBest(dir, search, methods, options, fineTune, progress)
                            : ModelTraining.classifyBest(dir, search, methods, options, fineTune, progress, elsewhere);
                }
            } else if (choosePca) {
                try (ProgressReporter progress = ProgressReporter.forClassifiers(classifiers * (PcaSearch.DEFAULT.candidates().size() + 1),
                        options.maxEpochs())) {
                    PcaSearch.Outcome outcome = ModelTraining.classifyChoosingPca(dir, selection(), methods, options, PcaSearch.DEFAULT,
                            fineTune, progress);
                    results = outcome.results();
                    printSearch(outcome, results);
                }
            } else {
                try (ProgressReporter progress = ProgressReporter.forClassifiers(classifiers, options.maxEpochs())) {
                    results = elsewhere == null ? ModelTraining.classify(dir, selection(), methods, options, fineTune, progress)
                            : ModelTraining.classify(dir, selection(), methods, options, fineTune, progress, elsewhere);
                }
            }
        }
        printTable(results);
        if (best) {
            printChoices(results, (System.nanoTime() - start) / 1e9);
        }
        printControls(dir, results);
        System.out.println("results added to " + dir.classifyFile() + "; models saved in " + dir.modelsDir()
                + " (list them with: eagerae models --run " + run + ")");
        return 0;
    }

    /** For {@code --pca auto}: each method's validation accuracy by share of variance, and the share it kept. */
    private static void printSearch(PcaSearch.Outcome outcome, List<ClassificationResult> results) {
        ConsoleTable table = new ConsoleTable().left("method");
        PcaSearch.DEFAULT.candidates().forEach(c -> table.right("val acc, pca " + c));
        table.right("kept");
        for (ClassificationResult r : results) {
            Map<Double, Double> tried = outcome.validation().get(r.method());
            if (tried == null) {
                continue; // fine-tuning reads every activation
            }
            Object[] row = new Object[tried.size() + 2];
            row[0] = r.method();
            int i = 1;
            for (double v : tried.values()) {
                row[i++] = percent(v);
            }
            row[i] = r.classifier().pcaVariance();
            table.row(row);
        }
        System.out.println("the share of variance, chosen per method on the validation labels:");
        table.print(System.out);
    }

    /** The soft vote against each control computed with it, image by image on the test split (McNemar's test). */
    private static void printControls(RunDirectory dir, List<ClassificationResult> results) {
        if (results.stream().noneMatch(r -> r.method().votesOverSeeds())) {
            return;
        }
        org.eagerae.data.ImageDataset test = dir.readManifest().spec().data().load().test().all();
        for (ModelComparison.Result c : ModelComparison.voteAgainstControls(dir, test, results)) {
            System.out.printf("%s against %s on the %d test images (b: only the first right, c: only the second): McNemar %s%n",
                    c.first(), c.second(), test.size(), c.test().describe());
        }
    }

    /** One row per method: checkpoints, validation and test accuracy, test balanced accuracy, seconds, saved models; per-member accuracies below. */
    private static void printTable(List<ClassificationResult> results) {
        ConsoleTable table = new ConsoleTable().left("method").left("checkpoints").left("member epochs").right("val acc").right("test acc")
                .right("balanced").right("features s").right("train s").left("saved as");
        for (ClassificationResult r : results) {
            table.row(r.method(), r.selection(), r.memberEpochs(), percent(r.validationAccuracy()), percent(r.accuracy()),
                    percent(r.balancedAccuracy()),
                    String.format(Locale.ROOT, "%.1f", r.featureSeconds()), String.format(Locale.ROOT, "%.1f", r.classifierSeconds()),
                    r.models().size() == 1 ? r.models().get(0)
                            : r.models().isEmpty() ? "" : r.models().get(0) + " .. " + r.models().get(r.models().size() - 1));
        }
        table.print(System.out);
        for (ClassificationResult r : results) {
            if (!r.memberAccuracies().isEmpty()) {
                System.out.println(r.method() + ", " + r.selection() + ", per member (test): " + String.join("  ",
                        r.memberAccuracies().stream().map(ClassifyCommand::percent).toList()));
            }
        }
    }

    /** For {@code --epoch best}: each method's chosen epoch, said plainly when it is 0, and the curve it was chosen from. */
    private static void printChoices(List<ClassificationResult> results, double seconds) {
        for (ClassificationResult r : results) {
            int chosen = ((CheckpointSelection.BestOnValidation) r.selection()).epoch();
            System.out.printf("%s: best on validation at epoch %d%s%n", r.method(), chosen, chosen == 0 ? " (untrained encoders)" : "");
            System.out.println("  validation " + r.validationCurve().stream()
                    .map(p -> (p.epoch() == chosen ? "*" : " ") + p.epoch() + ": " + percent(p.validationAccuracy()))
                    .collect(Collectors.joining(" ")));
            System.out.println("  test       " + r.validationCurve().stream()
                    .map(p -> " " + p.epoch() + ": " + percent(p.testAccuracy())).collect(Collectors.joining(" "))
                    + "   (reported only, never used to choose)");
        }
        int epochs = results.isEmpty() ? 0 : results.get(0).validationCurve().size();
        System.out.printf(Locale.ROOT, "%d epoch%s tried in %.1f s%n", epochs, epochs == 1 ? "" : "s", seconds);
    }

    private static String percent(Double fraction) {
        return fraction == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static <T> T or(T given, T otherwise) {
        return given != null ? given : otherwise;
    }

    private CheckpointSelection selection() {
        if (budgetSeconds != null) {
            return new CheckpointSelection.Budget(budgetSeconds);
        }
        if (epoch != null) {
            return new CheckpointSelection.Epoch(Integer.parseInt(epoch));
        }
        return new CheckpointSelection.Last();
    }

    /**
     * The methods named: single ones, {@code all} ({@link Method#FROZEN}), {@code controls} (the soft vote and its controls) and
     * {@code semi-supervised} ({@link Method#SEMI_SUPERVISED}).
     */
    private Set<Method> methods() {
        Set<Method> out = new LinkedHashSet<>();
        for (String name : method) {
            switch (name) {
                case "all" -> out.addAll(Method.FROZEN);
                case "controls" -> {
                    out.add(Method.SOFT_VOTE);
                    out.addAll(Method.CONTROLS);
                }
                case "semi-supervised" -> out.addAll(Method.SEMI_SUPERVISED);
                default -> {
                    Method m = Method.ofOrNull(name);
                    if (m == null || !(Method.FROZEN.contains(m) || Method.CONTROLS.contains(m) || Method.SEMI_SUPERVISED.contains(m))) {
                        throw new InvalidInputException("unknown --method '" + name + "'; use one of " + CompletionValues.methodNames()
                                + " (several with commas; fine-tuning is --fine-tune)");
                    }
                    out.add(m);
                }
            }
        }
        return out;
    }
}

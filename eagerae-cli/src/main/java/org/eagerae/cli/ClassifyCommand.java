package org.eagerae.cli;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.eagerae.InvalidInputException;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.Method;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.ThreadCount;
import org.eagerae.models.ModelTraining;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eagerae classify}: classifiers on the encoders of a run. */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains classifiers on the encoder activations of a run's members and reports test accuracy;",
                "every classifier is saved as a model in the run's models/ folder (see: eagerae models), and the results,",
                "each naming its models, are added to classify.json. raw-pixels, the baseline, trains the same classifier",
                "on the images' pixels: it reads no checkpoint, so --epoch and --budget do not change it."})
final class ClassifyCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @ArgGroup(exclusive = true)
    Selection selection;

    /** Which checkpoints: by epoch or by time budget. */
    static final class Selection {
        @Option(names = "--epoch", converter = OptionValues.AtLeastZero.class, description = "Every member's checkpoint after this epoch; 0: their initial weights, untrained (default: each member's last).")
        Integer epoch;

        @Option(names = "--budget", paramLabel = "<budget>", converter = OptionValues.Positive.class, description = "Each member's latest checkpoint within this many training seconds.")
        Double budgetSeconds;
    }

    @Option(names = "--method", defaultValue = "all", description = "single, stacked, soft-vote, hard-vote, raw-pixels or all of them (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--classifier", defaultValue = "mlp", description = "mlp or logistic (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--pca", paramLabel = "FRACTION", converter = OptionValues.Fraction.class, description = "Train each head on its encoders' principal components that keep this fraction of their"
            + " standardised training activations' variance; 0 = on every feature. Saved models read the activations either way"
            + " (default: 0.99).")
    Double pcaVariance;

    @Option(names = "--fine-tune", description = "Also train each encoder with its classifier end to end.")
    boolean fineTune;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the classifiers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", converter = OptionValues.AtLeastOne.class,
            description = "Intra-op threads (default: cores); at most 4 per core, and more than the cores only with a warning.")
    Integer threads;

    @Override
    public Integer call() {
        if (threads != null) {
            ThreadCount.require("threads", threads);
        }
        EngineSetup.configure(threads != null ? threads : EngineSetup.cores());
        RunDirectory dir = RunDirectory.open(run);
        Set<Method> methods = methods();
        int units = switch (classifier) {
            case "mlp" -> hidden;
            case "logistic" -> 0;
            default -> throw new InvalidInputException("unknown --classifier '" + classifier + "'; use mlp or logistic");
        };
        ClassifierOptions defaults = ClassifierOptions.defaults(seed);
        ClassifierOptions options = defaults.withHidden(units).withPcaVariance(or(pcaVariance, defaults.pcaVariance()))
                .withBatchSize(or(batchSize, defaults.batchSize())).withLearningRate(or(learningRate, defaults.learningRate()))
                .withMaxEpochs(or(maxEpochs, defaults.maxEpochs())).withPatience(or(patience, defaults.patience()))
                .withLearningRateDrops(or(learningRateDrops, defaults.learningRateDrops()));
        int members = dir.readManifest().spec().members();
        int classifiers = (methods.contains(Method.STACKED) ? 1 : 0) + (methods.contains(Method.RAW_PIXELS) ? 1 : 0)
                + (methods.stream().anyMatch(m -> m.perMember() || m.vote()) ? members : 0) + (fineTune ? members : 0);
        List<ClassificationResult> results;
        try (ProgressReporter progress = ProgressReporter.forClassifiers(classifiers, options.maxEpochs())) {
            results = ModelTraining.classify(dir, selection(), methods, options, fineTune, progress);
        }
        System.out.printf("%-14s %-16s %-16s %9s %10s %10s  %s%n", "method", "checkpoints", "member epochs", "accuracy", "features s",
                "train s", "saved as");
        for (ClassificationResult r : results) {
            System.out.printf(Locale.ROOT, "%-14s %-16s %-16s %8.2f%% %10.1f %10.1f  %s%n", r.method(), r.selection(), r.memberEpochs(),
                    100 * r.accuracy(), r.featureSeconds(), r.classifierSeconds(), r.models().size() == 1 ? r.models().get(0)
                            : r.models().isEmpty() ? "" : r.models().get(0) + " .. " + r.models().get(r.models().size() - 1));
            if (!r.memberAccuracies().isEmpty()) {
                System.out.println("               per member: " + r.memberAccuracies().stream()
                        .map(a -> String.format(Locale.ROOT, "%.2f%%", 100 * a)).toList());
            }
        }
        System.out.println("results added to " + dir.classifyFile() + "; models saved in " + dir.modelsDir()
                + " (list them with: eagerae models --run " + run + ")");
        return 0;
    }

    private static <T> T or(T given, T otherwise) {
        return given != null ? given : otherwise;
    }

    private CheckpointSelection selection() {
        if (selection != null && selection.budgetSeconds != null) {
            return new CheckpointSelection.Budget(selection.budgetSeconds);
        }
        if (selection != null && selection.epoch != null) {
            return new CheckpointSelection.Epoch(selection.epoch);
        }
        return new CheckpointSelection.Last();
    }

    private Set<Method> methods() {
        if (method.equals("all")) {
            return new LinkedHashSet<>(Method.FROZEN);
        }
        Method m = Method.FROZEN.stream().filter(f -> f.label().equals(method)).findFirst()
                .orElseThrow(() -> new InvalidInputException("unknown --method '" + method + "'; use one of " + Method.FROZEN
                        + " or all (fine-tuning is --fine-tune)"));
        return Set.of(m);
    }
}

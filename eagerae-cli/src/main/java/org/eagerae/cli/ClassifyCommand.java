package org.eagerae.cli;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.eagerae.InvalidInputException;
import org.eagerae.classify.Classification;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.ensemble.CheckpointChoice;
import org.eagerae.ensemble.RunDirectory;
import org.eagerae.ensemble.RunManifest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eagerae classify}: classifiers on the encoders of a run. */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains classifiers on the encoder activations of a run's members and reports test accuracy;",
                "results are added to classify.json in the run folder."})
final class ClassifyCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @ArgGroup(exclusive = true)
    Selection selection;

    /** Which checkpoints: by epoch or by time budget. */
    static final class Selection {
        @Option(names = "--epoch", converter = OptionValues.AtLeastOne.class, description = "Every member's checkpoint after this epoch (default: each member's last).")
        Integer epoch;

        @Option(names = "--budget", converter = OptionValues.Positive.class, description = "Each member's latest checkpoint within this many training seconds.")
        Double budget;
    }

    @Option(names = "--method", defaultValue = "all", description = "single, stacked, soft-vote, hard-vote or all (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--classifier", defaultValue = "mlp", description = "mlp or logistic (default: ${DEFAULT-VALUE}).")
    String classifier;

    @Option(names = "--hidden", converter = OptionValues.AtLeastOne.class, defaultValue = "256", description = "Hidden units of the MLP (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--fine-tune", description = "Also train each encoder with its classifier end to end.")
    boolean fineTune;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the classifiers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", converter = OptionValues.AtLeastOne.class, description = "Intra-op threads (default: cores).")
    Integer threads;

    @Override
    public Integer call() {
        Set<String> methods = methods();
        int units = switch (classifier) {
            case "mlp" -> hidden;
            case "logistic" -> 0;
            default -> throw new InvalidInputException("unknown --classifier '" + classifier + "'; use mlp or logistic");
        };
        EngineSetup.configure(threads != null ? threads : EngineSetup.cores());
        RunDirectory dir = RunDirectory.open(run);
        RunManifest manifest = dir.readManifest();
        List<CheckpointChoice> choices;
        String label;
        if (selection != null && selection.budget != null) {
            choices = CheckpointChoice.forBudget(dir, selection.budget);
            label = String.format(Locale.ROOT, "budget %.1f s", selection.budget);
        } else if (selection != null && selection.epoch != null) {
            choices = CheckpointChoice.forEpoch(dir, selection.epoch);
            label = "epoch " + selection.epoch;
        } else {
            choices = CheckpointChoice.last(dir);
            label = "last epoch";
        }
        CheckpointFiles.requirePresent(choices);
        Classification classification = new Classification(manifest.spec().model(), manifest.spec().data().load(),
                ClassifierOptions.defaults(seed).withHidden(units));
        List<ClassificationResult> results = new java.util.ArrayList<>(classification.evaluate(choices, methods, label));
        if (fineTune) {
            results.addAll(classification.fineTune(choices, label));
        }
        ClassifyFile.append(dir, results);
        System.out.printf("%-10s %-16s %-14s %9s %10s %10s%n", "method", "checkpoints", "member epochs", "accuracy", "features s", "train s");
        for (ClassificationResult r : results) {
            System.out.printf(Locale.ROOT, "%-10s %-16s %-14s %8.2f%% %10.1f %10.1f%n", r.method(), r.selection(), r.memberEpochs(),
                    100 * r.accuracy(), r.featureSeconds(), r.classifierSeconds());
            if (!r.memberAccuracies().isEmpty()) {
                System.out.println("           per member: " + r.memberAccuracies().stream()
                        .map(a -> String.format(Locale.ROOT, "%.2f%%", 100 * a)).toList());
            }
        }
        System.out.println("results added to " + dir.classifyFile());
        return 0;
    }

    private Set<String> methods() {
        if (method.equals("all")) {
            return new LinkedHashSet<>(Classification.METHODS);
        }
        if (!Classification.METHODS.contains(method)) {
            throw new InvalidInputException("unknown --method '" + method + "'; use one of " + Classification.METHODS + " or all");
        }
        return Set.of(method);
    }
}

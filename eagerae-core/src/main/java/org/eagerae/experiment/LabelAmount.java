package org.eagerae.experiment;

import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.LabelBudget;

/**
 * One point of the label-efficiency curve ({@link ExperimentConfig#labelBudgets()}): how many labels the classifiers see,
 * per class or in all ({@link LabelBudget.Scope}), or every label ({@code labels} 0).
 *
 * @param labels labelled training images, per class or in all as {@code scope} says; 0: every label of the split
 * @param scope  what {@code labels} counts
 */
public record LabelAmount(int labels, LabelBudget.Scope scope) {

    /** Every label of the experiment's split: the protocol's own classifiers. */
    public static final LabelAmount EVERY_LABEL = new LabelAmount(0, LabelBudget.Scope.PER_CLASS);

    public LabelAmount {
        if (scope == null) {
            throw new IllegalArgumentException("a label amount needs a scope");
        }
        LabelBudget.requireBudgetOrZero(scope, labels);
        if (labels == 0) {
            scope = LabelBudget.Scope.PER_CLASS; // every label is one point, whatever the curve counts
        }
    }

    /** {@code perClass} labels of each class (0: every label). */
    public static LabelAmount perClass(int perClass) {
        return new LabelAmount(perClass, LabelBudget.Scope.PER_CLASS);
    }

    /** {@code labels} labels in all (0: every label). */
    public static LabelAmount inAll(int labels) {
        return new LabelAmount(labels, LabelBudget.Scope.IN_ALL);
    }

    /** The budget {@code options} ask for ({@link ClassifierOptions#labelBudget}), or every label. */
    public static LabelAmount of(ClassifierOptions options) {
        return options.labelBudget().map(b -> new LabelAmount(b.labels(), b.scope())).orElse(EVERY_LABEL);
    }

    /** This budget drawn with {@code seed}, or empty for every label. */
    public java.util.Optional<LabelBudget> drawnWith(long seed) {
        return everyLabel() ? java.util.Optional.empty() : java.util.Optional.of(new LabelBudget(labels, scope, seed));
    }

    /** Its labels per class, as {@code results.csv}'s {@code labels_per_class} holds them: 0 unless a budget per class. */
    public int labelsPerClass() {
        return scope == LabelBudget.Scope.PER_CLASS ? labels : 0;
    }

    /** Its labels in all, as {@code results.csv}'s {@code labels_in_all} holds them: 0 unless a budget in all. */
    public int labelsInAll() {
        return scope == LabelBudget.Scope.IN_ALL ? labels : 0;
    }

    /** Whether this is every label rather than a budget. */
    public boolean everyLabel() {
        return labels == 0;
    }

    /** {@code options} with this budget, the other kind cleared. */
    public ClassifierOptions applyTo(ClassifierOptions options) {
        return options.withLabelsInAll(0).withLabelsPerClass(labelsPerClass()).withLabelsInAll(labelsInAll());
    }

    /** In words: {@code every label}, {@code 10 labels per class} or {@code 100 labels in all}. */
    public String describe() {
        return everyLabel() ? "every label" : new LabelBudget(labels, scope, 0).describe();
    }

    /** The part of a result's key that tells this budget's results apart: empty for every label. */
    String keySuffix() {
        return everyLabel() ? "" : "/labels-" + labels + (scope == LabelBudget.Scope.IN_ALL ? "-in-all" : "");
    }
}

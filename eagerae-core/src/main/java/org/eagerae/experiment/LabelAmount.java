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
        if (labels < 0 || scope == null) {
            throw new IllegalArgumentException("a label amount needs labels >= 0 and a scope; got " + labels + ", " + scope);
        }
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

    /** The budget {@code options} ask for, or every label. */
    public static LabelAmount of(ClassifierOptions options) {
        return options.labelsInAll() > 0 ? inAll(options.labelsInAll()) : perClass(options.labelsPerClass());
    }

    /** Whether this is every label rather than a budget. */
    public boolean everyLabel() {
        return labels == 0;
    }

    /** {@code options} with this budget, the other kind cleared. */
    public ClassifierOptions applyTo(ClassifierOptions options) {
        boolean perClass = scope == LabelBudget.Scope.PER_CLASS;
        return options.withLabelsInAll(0).withLabelsPerClass(perClass ? labels : 0).withLabelsInAll(perClass ? 0 : labels);
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

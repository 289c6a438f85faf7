package org.eagerae.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eagerae.classify.Classification;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.MemberClassifiers;
import org.eagerae.classify.Method;
import org.eagerae.classify.ModelSink;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;

/**
 * The ensemble's classifications in an experiment: each member's activations, principal components and heads where the
 * backend that trained the members computes them ({@link org.eagerae.ensemble.Backend#memberClassifiers()}, a cluster's
 * executors, say), else in this process. A stacked head on every activation (the protocol's, without principal
 * components) reads all members' training activations at once, so it trains in this process whatever the backend. The
 * numbers, and the order of the results, are those of {@link Classification#evaluate(List, Set, CheckpointSelection)}.
 */
final class EnsembleClassifications {

    private final Classification classification;
    private final ClassifierOptions options;
    private final Optional<MemberClassifiers> elsewhere;

    /**
     * @param classification the repeat's classification, with its {@code options}
     * @param elsewhere      where the members' parts run; empty for this process
     */
    EnsembleClassifications(Classification classification, ClassifierOptions options, Optional<MemberClassifiers> elsewhere) {
        this.classification = classification;
        this.options = options;
        this.elsewhere = elsewhere;
    }

    /** The chosen methods on the members' chosen checkpoints, keeping no classifier. */
    List<ClassificationResult> evaluate(List<CheckpointChoice> choices, Set<Method> methods, CheckpointSelection selection) {
        if (elsewhere.isEmpty()) {
            return classification.evaluate(choices, methods, selection);
        }
        Set<Method> here = Classification.onlyHere(methods, options);
        Set<Method> away = new LinkedHashSet<>(methods);
        away.removeAll(here);
        List<ClassificationResult> results = new ArrayList<>();
        if (!away.isEmpty()) {
            results.addAll(classification.evaluate(choices, away, selection, ModelSink.NONE, elsewhere.get()));
        }
        if (!here.isEmpty()) { // after the members' heads and votes, where a single evaluation reports it
            results.addAll(classification.evaluate(choices, here, selection));
        }
        return results;
    }
}

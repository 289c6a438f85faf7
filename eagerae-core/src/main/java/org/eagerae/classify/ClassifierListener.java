package org.eagerae.classify;

import java.util.List;

/**
 * Hears how classification goes: each member's encoder activations and principal components, every classifier's start,
 * epochs and end, and with {@code classify --epoch best} each epoch tried. Classifiers may train side by side, so calls
 * for different tasks may come from different threads at once.
 */
public interface ClassifierListener {

    /** A listener that ignores everything. */
    ClassifierListener NONE = new ClassifierListener() {};

    /** Called when member {@code member}'s activations of every split are extracted ({@code members} in all). */
    default void onFeatures(int member, int members, int images) {}

    /** Called when member {@code member}'s principal components are known ({@code members} in all). */
    default void onPrincipalComponents(int member, int members, PrincipalComponents components) {}

    /** Called before a classifier's first epoch; it trains {@code maxEpochs} at most. */
    default void onClassifierStart(ClassifierTask task, int maxEpochs) {}

    /** Called after each epoch of a classifier with its validation accuracy. */
    default void onClassifierEpoch(ClassifierTask task, int epoch, int maxEpochs, double valAccuracy) {}

    /** Called when a classifier has finished: {@code epochs} trained, the best epoch's validation accuracy kept. */
    default void onClassifierDone(ClassifierTask task, int epochs, double bestValAccuracy) {}

    /**
     * With {@code classify --epoch best}: called before the classifiers at the members' epoch {@code epoch}, the
     * {@code index}-th (from 0) of {@code candidates} epochs tried.
     */
    default void onCandidateEpoch(int epoch, int index, int candidates) {}

    /** With {@code classify --epoch best}: called when every method has been tried at {@code epoch}, in {@code seconds}. */
    default void onCandidateDone(int epoch, int index, int candidates, List<ClassificationResult> results, double seconds) {}
}

package org.eagerae.classify;

import java.util.List;
import java.util.function.Consumer;
import org.eagerae.data.DataSplit;
import org.eagerae.model.CaeSpec;

/**
 * Runs the members' parts of the classifier phase ({@link MemberClassifierJob}) away from the {@link Classification}
 * that assembles the stacked head and the votes: on a cluster's executors, say. Every part gives the numbers it gives in
 * this process, since it runs the same code ({@link #compute}).
 */
public interface MemberClassifiers {

    /**
     * Runs each job and hands its result to {@code results} on the calling thread, one at a time, in any order, so that
     * the caller holds one member's result at a time.
     *
     * @param spec    the run's model
     * @param data    the images, as the classification reads them (with a label budget applied)
     * @param options the classifiers' settings
     */
    void run(CaeSpec spec, DataSplit data, ClassifierOptions options, List<MemberClassifierJob> jobs, Consumer<MemberHeads> results);

    /**
     * The stacked head's probabilities of the test and validation splits, where the members' activations can be computed
     * again from their checkpoints: the members' activations of those splits never come to the caller.
     *
     * @param jobs    every member's job (their checkpoints)
     * @param weights the stacked head's weights ({@link FeatureHead#weights}), encoded by {@code NDList.encode}
     */
    SplitProbabilities stackedProbabilities(CaeSpec spec, DataSplit data, ClassifierOptions options, List<MemberClassifierJob> jobs,
            byte[] weights);

    /** {@link #stackedProbabilities}, computed here: what a runner does wherever it runs it. */
    static SplitProbabilities computeStacked(CaeSpec spec, DataSplit data, ClassifierOptions options, List<MemberClassifierJob> jobs,
            byte[] weights) {
        return new Classification(spec, data, options, ClassifierListener.NONE, 1).stackedProbabilities(jobs, weights);
    }

    /**
     * One member's part, computed here: what a runner does with each job wherever it runs it.
     *
     * @param threads how many of the member's heads train side by side
     */
    static MemberHeads compute(CaeSpec spec, DataSplit data, ClassifierOptions options, MemberClassifierJob job, int threads) {
        return new Classification(spec, data, options, ClassifierListener.NONE, threads).member(job);
    }

    /** Runs the jobs in this process, one after the other (each member's heads side by side on {@code threads} threads). */
    static MemberClassifiers oneByOne(int threads) {
        return new MemberClassifiers() {
            @Override
            public void run(CaeSpec spec, DataSplit data, ClassifierOptions options, List<MemberClassifierJob> jobs, Consumer<MemberHeads> results) {
                jobs.forEach(job -> results.accept(compute(spec, data, options, job, threads)));
            }

            @Override
            public SplitProbabilities stackedProbabilities(CaeSpec spec, DataSplit data, ClassifierOptions options, List<MemberClassifierJob> jobs,
                    byte[] weights) {
                return computeStacked(spec, data, options, jobs, weights);
            }
        };
    }
}

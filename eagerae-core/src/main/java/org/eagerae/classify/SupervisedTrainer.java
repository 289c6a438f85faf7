package org.eagerae.classify;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.data.Splits;
import org.eagerae.train.Adam;

/**
 * Trains a {@link Network} with softmax cross-entropy and Adam, and stops early on validation
 * accuracy: after {@code patience} epochs without a better one it restores the best epoch's weights.
 */
public final class SupervisedTrainer {

    /**
     * The outcome of a fit.
     *
     * @param bestEpoch          the epoch whose weights were kept
     * @param bestValAccuracy    its validation accuracy
     * @param epochs             epochs trained
     * @param seconds            training time
     */
    public record Fit(int bestEpoch, double bestValAccuracy, int epochs, double seconds) {}

    private SupervisedTrainer() {}

    /**
     * Trains {@code network} on {@code train}; {@code val} chooses the epoch to keep. When
     * {@code patience} epochs bring no better validation accuracy, the best weights are restored
     * and, while {@code options.learningRateDrops()} allow, training goes on with the step size
     * divided by {@link ClassifierOptions#DROP_FACTOR}; otherwise it stops.
     */
    public static Fit fit(Network network, Inputs train, int[] trainLabels, Inputs val, int[] valLabels, ClassifierOptions options) {
        return fit(network, train, trainLabels, val, valLabels, options, ClassifierListener.NONE, null);
    }

    /**
     * As {@link #fit(Network, Inputs, int[], Inputs, int[], ClassifierOptions)}, telling {@code listener} of
     * every epoch of {@code task}. A head on features computes its gradients in closed form ({@link Network#gradients}),
     * so several can train on threads side by side; one on an encoder uses the engine's gradient collector.
     */
    public static Fit fit(Network network, Inputs train, int[] trainLabels, Inputs val, int[] valLabels, ClassifierOptions options,
            ClassifierListener listener, ClassifierTask task) {
        long start = System.nanoTime();
        List<Parameter> params = network.parameters();
        Optimiser optimiser = network.closedFormGradients() ? new ClosedForm(network, new HeadAdam(params, options.learningRate()))
                : new Collected(network, new Adam(params, network.manager(), options.learningRate()));
        List<float[]> best = snapshot(params);
        double bestAccuracy = -1;
        int bestEpoch = 0;
        int sinceBest = 0;
        int drops = 0;
        int epoch = 0;
        while (epoch < options.maxEpochs()) {
            epoch++;
            trainEpoch(network, optimiser, train, trainLabels, options, epoch);
            double accuracy = Metrics.of(Votes.argmax(network.probabilities(val), network.classes()), valLabels,
                    network.classes()).accuracy();
            listener.onClassifierEpoch(task, epoch, options.maxEpochs(), accuracy);
            if (accuracy > bestAccuracy) {
                bestAccuracy = accuracy;
                bestEpoch = epoch;
                best = snapshot(params);
                sinceBest = 0;
            } else if (++sinceBest >= options.patience()) {
                if (drops == options.learningRateDrops()) {
                    break;
                }
                drops++;
                sinceBest = 0;
                restore(params, best);
                optimiser.weightsRestored();
                optimiser.divideLearningRate(ClassifierOptions.DROP_FACTOR);
            }
        }
        restore(params, best);
        return new Fit(bestEpoch, bestAccuracy, epoch, (System.nanoTime() - start) / 1e9);
    }

    private static void restore(List<Parameter> params, List<float[]> weights) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).getArray().set(weights.get(i));
        }
    }

    /**
     * The fewest optimiser steps an epoch makes: those of one pass over MNIST small's 4,800 training images in batches of
     * 200, where the schedule (epochs, patience, step-size drops) was tuned. A smaller training set makes more passes in
     * an epoch, each in an order of its own, until it has made that many steps; without them a head on a label budget of
     * 80 images would make one step an epoch and stop, its validation accuracy unchanged, a dozen steps from its start.
     * Training sets of a full epoch's steps make one pass, as before.
     */
    static final int MIN_STEPS_PER_EPOCH = 24;

    /** Passes over {@code images} training images, in batches of {@code batchSize}, that make an epoch of at least {@link #MIN_STEPS_PER_EPOCH} steps. */
    static int passesPerEpoch(int images, int batchSize) {
        if (images < 1) {
            throw new IllegalArgumentException("a classifier needs at least one training image");
        }
        int batches = (images + batchSize - 1) / batchSize;
        return (MIN_STEPS_PER_EPOCH + batches - 1) / batches;
    }

    private static void trainEpoch(Network network, Optimiser optimiser, Inputs train, int[] labels, ClassifierOptions options, int epoch) {
        int passes = passesPerEpoch(train.size(), options.batchSize());
        for (int pass = 0; pass < passes; pass++) {
            int[] order = Splits.permutation(train.size(), options.seed() * 31 + epoch + (long) pass * 0x9E3779B97F4A7C15L);
            for (int from = 0; from < order.length; from += options.batchSize()) {
                int n = Math.min(options.batchSize(), order.length - from);
                try (NDManager scratch = network.manager().newSubManager()) {
                    optimiser.step(train.batch(scratch, order, from, n), oneHot(scratch, labels, order, from, n, network.classes()));
                }
            }
        }
    }

    /** The labels of {@code order[from .. from+n)}, one-hot. */
    private static NDArray oneHot(NDManager manager, int[] labels, int[] order, int from, int n, int classes) {
        return manager.create(labelsAt(labels, order, from, n)).oneHot(classes);
    }

    /**
     * {@code labels} at {@code order[from .. from+n)}. The loops of an epoch's steps sit in small methods like this one,
     * which call nothing: a loop that runs long enough makes the JIT compile its method while it runs, with all that the
     * method calls inlined (the engine's whole call chain, for the epoch's loop: 0.8 s of compilation, twice).
     */
    private static int[] labelsAt(int[] labels, int[] order, int from, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = labels[order[from + i]];
        }
        return out;
    }

    /** One training step of a network on a batch, and the step size's drops. */
    private interface Optimiser {
        void step(NDArray x, NDArray onehot);

        void divideLearningRate(float factor);

        /** The network's weights were set back to an earlier epoch's. */
        void weightsRestored();
    }

    /** A head on features: gradients in closed form, Adam on the JVM side; several can run on threads side by side. */
    private record ClosedForm(Network network, HeadAdam adam) implements Optimiser {
        @Override
        public void step(NDArray x, NDArray onehot) {
            adam.step(network.gradients(x, onehot));
        }

        @Override
        public void divideLearningRate(float factor) {
            adam.learningRate(adam.learningRate() / factor);
        }

        @Override
        public void weightsRestored() {
            adam.reloadWeights();
        }
    }

    /** A network through an encoder: the engine's gradient collector (one per process) and its fused Adam. */
    private record Collected(Network network, Adam adam) implements Optimiser {
        @Override
        public void step(NDArray x, NDArray onehot) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logp = network.logits(x, true).logSoftmax(1);
                collector.backward(logp.mul(onehot).sum(new int[] {1}).mean().neg());
            }
            adam.step();
        }

        @Override
        public void divideLearningRate(float factor) {
            adam.learningRate(adam.learningRate() / factor);
        }

        @Override
        public void weightsRestored() {
            // the engine's Adam reads the weights from the parameters at every step
        }
    }

    private static List<float[]> snapshot(List<Parameter> params) {
        List<float[]> out = new ArrayList<>();
        params.forEach(p -> out.add(p.getArray().toFloatArray()));
        return out;
    }
}

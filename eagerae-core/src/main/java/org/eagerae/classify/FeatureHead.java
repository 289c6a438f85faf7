package org.eagerae.classify;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Optional;

/**
 * A classifier on frozen encoder activations: each feature standardised with training statistics,
 * then a {@link Network} head. What {@code classify} trains for {@code single} (one per member) and
 * {@code stacked}, and what a saved model of those methods runs.
 */
public final class FeatureHead implements AutoCloseable {

    private final NDManager manager;
    private final Standardizer standardizer;
    private final Network network;
    private final SupervisedTrainer.Fit fit;

    private FeatureHead(NDManager manager, Standardizer standardizer, Network network, SupervisedTrainer.Fit fit) {
        this.manager = manager;
        this.standardizer = standardizer;
        this.network = network;
        this.fit = fit;
    }

    /**
     * Trains a head on one encoder's activations, or on several encoders' side by side (stacked):
     * standardisation fitted on the training split, the head's weights initialised from {@code seed},
     * the epoch kept by validation accuracy. Batches are gathered and standardised as they are needed.
     */
    public static FeatureHead train(List<EncoderFeatures> encoders, int[] trainLabels, int[] valLabels, int classes,
            ClassifierOptions options, long seed) {
        Standardizer s = Standardizer.concat(encoders.stream().map(EncoderFeatures::standardizer).toList());
        NDManager manager = NDManager.newBaseManager();
        try {
            Network net = Network.onFeatures(manager, s.size(), options.hidden(), classes, seed);
            SupervisedTrainer.Fit fit = SupervisedTrainer.fit(net,
                    Inputs.standardized(encoders.stream().map(EncoderFeatures::train).toList(), s), trainLabels,
                    Inputs.standardized(encoders.stream().map(EncoderFeatures::validation).toList(), s), valLabels, options);
            return new FeatureHead(manager, s, net, fit);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A head read back from its {@link #weights}: {@code features} inputs, {@code hidden} units (0 = logistic). */
    public static FeatureHead load(NDList weights, int features, int hidden, int classes) {
        NDManager manager = NDManager.newBaseManager();
        try {
            Network net = Network.onFeatures(manager, features, hidden, classes, 0);
            net.load(weights);
            return new FeatureHead(manager, Standardizer.load(weights, features), net, null);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Class probabilities ({@code rows x classes}, row-major) of raw (unstandardised) activations. */
    public float[] probabilities(Features activations) {
        return probabilities(List.of(activations));
    }

    /** Class probabilities of raw activations of several encoders side by side, in the order the head was trained on. */
    public float[] probabilities(List<? extends Features> blocks) {
        return network.probabilities(Inputs.standardized(blocks, standardizer));
    }

    /** The standardisation statistics and the head's weights under {@link StateDict} names, copied into {@code target}. */
    public NDList weights(NDManager target) {
        NDList out = standardizer.weights(target);
        out.addAll(network.weights(target));
        return out;
    }

    /** How training went (absent for a head read back from weights). */
    public Optional<SupervisedTrainer.Fit> fit() {
        return Optional.ofNullable(fit);
    }

    @Override
    public void close() {
        manager.close();
    }
}

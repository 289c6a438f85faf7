package org.eagerae.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A classifier on frozen encoder activations: each feature standardised with training statistics,
 * then a {@link Network} head. What {@code classify} trains for {@code single} (one per member) and
 * {@code stacked}, and what a saved model of those methods runs. With
 * {@link ClassifierOptions#pcaVariance()} the head trains on each encoder's leading principal
 * components, and its first layer is then folded back onto the standardised activations, so that the
 * head, its saved weights and its predictions have the same form either way.
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
     * With {@link ClassifierOptions#pcaVariance()}, on the encoders' principal components (computed
     * here unless the encoders carry them for that fraction).
     */
    public static FeatureHead train(List<EncoderFeatures> encoders, int[] trainLabels, int[] valLabels, int classes,
            ClassifierOptions options, long seed) {
        return train(encoders, trainLabels, valLabels, classes, options, seed, ClassifierListener.NONE, null);
    }

    /** As {@link #train(List, int[], int[], int, ClassifierOptions, long)}, telling {@code listener} of every epoch of {@code task}. */
    public static FeatureHead train(List<EncoderFeatures> encoders, int[] trainLabels, int[] valLabels, int classes,
            ClassifierOptions options, long seed, ClassifierListener listener, ClassifierTask task) {
        Standardizer s = Standardizer.concat(encoders.stream().map(EncoderFeatures::standardizer).toList());
        NDManager manager = NDManager.newBaseManager();
        try {
            Network net = Network.onFeatures(manager, s.size(), options.hidden(), classes, seed);
            if (options.pcaVariance() == 0) {
                SupervisedTrainer.Fit fit = SupervisedTrainer.fit(net,
                        Inputs.standardized(encoders.stream().map(EncoderFeatures::train).toList(), s), trainLabels,
                        Inputs.standardized(encoders.stream().map(EncoderFeatures::validation).toList(), s), valLabels, options, listener, task);
                return new FeatureHead(manager, s, net, fit);
            }
            List<EncoderFeatures.Principal> principal = encoders.stream()
                    .map(e -> e.withPrincipalComponents(options.pcaVariance(), options.seed()).principal()).toList();
            Inputs train = Inputs.sideBySide(principal.stream().map(EncoderFeatures.Principal::train).toList());
            return onComponents(manager, s, net, principal, train, trainLabels, valLabels, classes, options, seed, listener, task);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Trains a head on one encoder's principal components ({@link ClassifierOptions#pcaVariance()} above 0) with its
     * training labels and, besides them, every unsupervised image ({@link EncoderFeatures#fit()}) labelled by
     * {@code spreading} from them ({@link Method#SPREAD}); the validation labels only choose the epoch, as for
     * {@link #train}. Images no label reached are left out.
     */
    public static FeatureHead trainOnSpreadLabels(EncoderFeatures encoder, int[] trainLabels, int[] valLabels, int classes,
            ClassifierOptions options, long seed, LabelSpreading spreading, ClassifierListener listener, ClassifierTask task) {
        Classification.requireSpreadable(java.util.Set.of(Method.SPREAD), options);
        EncoderFeatures e = encoder.withPrincipalComponents(options.pcaVariance(), options.seed());
        EncoderFeatures.Principal principal = e.principal();
        FeatureMatrix unlabelled = e.fit() == e.train() ? principal.train() : principal.components().project(e.fit(), e.standardizer());
        int[] spread = spreading.spread(principal.train(), trainLabels, unlabelled, classes);
        int reached = (int) Arrays.stream(spread).filter(c -> c >= 0).count();
        int d = principal.train().cols();
        int labelled = trainLabels.length;
        float[] rows = Arrays.copyOf(principal.train().values(), (labelled + reached) * d);
        int[] labels = Arrays.copyOf(trainLabels, labelled + reached);
        int at = labelled;
        for (int i = 0; i < spread.length; i++) {
            if (spread[i] >= 0) {
                System.arraycopy(unlabelled.values(), i * d, rows, at * d, d);
                labels[at++] = spread[i];
            }
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            Network net = Network.onFeatures(manager, e.standardizer().size(), options.hidden(), classes, seed);
            return onComponents(manager, e.standardizer(), net, List.of(principal), Inputs.of(new FeatureMatrix(rows, labelled + reached, d)),
                    labels, valLabels, classes, options, seed, listener, task);
        } catch (RuntimeException x) {
            manager.close();
            throw x;
        }
    }

    /**
     * Trains a head on principal components' coordinates ({@code train}, blocks side by side) and folds its first layer into
     * {@code net}, a head on the standardised features.
     */
    private static FeatureHead onComponents(NDManager manager, Standardizer s, Network net, List<EncoderFeatures.Principal> principal,
            Inputs train, int[] trainLabels, int[] valLabels, int classes, ClassifierOptions options, long seed, ClassifierListener listener,
            ClassifierTask task) {
        int components = principal.stream().mapToInt(p -> p.components().components()).sum();
        try (Network onComponents = Network.onFeatures(manager, components, options.hidden(), classes, seed)) {
            SupervisedTrainer.Fit fit = SupervisedTrainer.fit(onComponents, train, trainLabels,
                    Inputs.sideBySide(principal.stream().map(EncoderFeatures.Principal::validation).toList()), valLabels, options,
                    listener, task);
            try (NDManager scratch = NDManager.newBaseManager()) {
                net.load(folded(onComponents.weights(scratch), principal.stream().map(EncoderFeatures.Principal::components).toList()));
            }
            return new FeatureHead(manager, s, net, fit);
        }
    }

    /**
     * The weights of a head on principal components' coordinates (blocks side by side) with its first
     * layer ({@code head.0.weight}) folded onto the standardised features: the same function of them.
     */
    private static NDList folded(NDList weights, List<PrincipalComponents> blocks) {
        String first = StateDict.HEAD_FIRST_WEIGHT;
        NDList out = new NDList();
        for (NDArray w : weights) {
            if (!first.equals(w.getName())) {
                out.add(w);
                continue;
            }
            int units = Math.toIntExact(w.getShape().get(0));
            int components = Math.toIntExact(w.getShape().get(1));
            int features = blocks.stream().mapToInt(PrincipalComponents::features).sum();
            float[] values = w.toFloatArray();
            float[] result = new float[units * features];
            int column = 0;
            int target = 0;
            for (PrincipalComponents block : blocks) {
                int k = block.components();
                float[] part = new float[units * k];
                for (int u = 0; u < units; u++) {
                    System.arraycopy(values, u * components + column, part, u * k, k);
                }
                float[] onFeatures = block.fold(part, units);
                int d = block.features();
                for (int u = 0; u < units; u++) {
                    System.arraycopy(onFeatures, u * d, result, u * features + target, d);
                }
                column += k;
                target += d;
            }
            out.add(StateDict.named(result, new Shape(units, features), first, w.getManager()));
        }
        return out;
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

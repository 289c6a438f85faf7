package org.eagerae.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.eagerae.data.ImageDataset;
import org.eagerae.model.Cae;
import org.eagerae.model.Initialisation;

/**
 * A classifier head (one hidden ReLU layer, or none for logistic regression) that reads feature
 * vectors, optionally behind an autoencoder's encoder for end-to-end fine-tuning. With dropout, each
 * hidden unit is zeroed with that probability in every training batch (the others scaled up to keep
 * the expected sum), from a seeded stream of its own, so runs repeat exactly.
 */
public final class Network implements AutoCloseable {

    private static final int EVAL_BATCH = 500;

    private final NDManager manager;
    private final SequentialBlock head;
    private final SequentialBlock hiddenLayer;
    private final Linear outputLayer;
    /** The head's weights and biases in layer order, listed once: DJL builds such a list anew on every call. */
    private final List<Parameter> headParameters;
    private final ParameterStore store;
    private final Cae encoder;
    private final int classes;
    private final float dropout;
    private final SplittableRandom masks;
    private final Standardizer scaling;
    private final NDArray[] inputScaling;
    private final FeaturePooling pooling;

    private Network(NDManager parent, int inputs, int hidden, float dropout, int classes, long seed, Cae encoder, Standardizer scaling,
            FeaturePooling pooling) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        this.manager = parent.newSubManager();
        this.classes = classes;
        this.encoder = encoder;
        this.pooling = pooling;
        this.dropout = dropout;
        this.masks = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
        this.head = new SequentialBlock();
        this.hiddenLayer = hidden > 0 ? new SequentialBlock().add(Linear.builder().setUnits(hidden).build()).add(Activation.reluBlock()) : null;
        this.outputLayer = Linear.builder().setUnits(classes).build();
        if (hiddenLayer != null) {
            head.add(hiddenLayer);
        }
        head.add(outputLayer);
        head.initialize(manager, DataType.FLOAT32, new Shape(1, inputs));
        List<Parameter> listed = new ArrayList<>();
        head.getParameters().forEach(p -> listed.add(p.getValue()));
        this.headParameters = List.copyOf(listed);
        Initialisation.pytorchDefault(headParameters, seed);
        this.store = new ParameterStore(manager, false);
        this.scaling = scaling;
        this.inputScaling = scaling == null ? null : scaling.asArrays(manager);
    }

    /** A head on feature vectors of {@code inputs} values. */
    public static Network onFeatures(NDManager parent, int inputs, int hidden, int classes, long seed) {
        return new Network(parent, inputs, hidden, 0f, classes, seed, null, null, FeaturePooling.NONE);
    }

    /**
     * A head with dropout on the hidden units, on an encoder's flattened activations, trained
     * together with the encoder. The activations are standardised with fixed statistics of the
     * training images under the initial encoder, as the frozen methods' features are: raw
     * activations of some autoencoders are so small or large that the head learns slowly.
     */
    public static Network onEncoder(Cae cae, ImageDataset train, int hidden, float dropout, int classes, long seed, FeaturePooling pooling) {
        Standardizer scaling = Standardizer.fit(EncoderFeatures.of(FeatureSource.encoder(cae, pooling), Inputs.of(train)));
        return new Network(cae.manager(), pooling.size(cae.spec()), hidden, dropout, classes, seed, cae, scaling, pooling);
    }

    /**
     * A head on an encoder's activations scaled with known statistics, for a fine-tuned member read
     * back from its weights ({@link #load}); no dropout.
     */
    public static Network onEncoder(Cae cae, Standardizer scaling, int hidden, int classes, FeaturePooling pooling) {
        return new Network(cae.manager(), pooling.size(cae.spec()), hidden, 0f, classes, 0, cae, scaling, pooling);
    }

    /**
     * Copies of the weights under {@link StateDict} names: the head's, and on an encoder also the
     * encoder's and the scaling of its activations.
     */
    public NDList weights(NDManager target) {
        NDList out = new NDList();
        if (encoder != null) {
            out.addAll(StateDict.encoderWeights(encoder, target));
            out.addAll(scaling.weights(target));
        }
        headLayers().forEach((layer, linear) -> linear.getParameters()
                .forEach(p -> out.add(StateDict.copy(p.getValue().getArray(), StateDict.name("head.", layer, p.getValue()), target))));
        return out;
    }

    /** Sets the weights from arrays named as {@link #weights} names them (the scaling is fixed at construction). */
    public void load(NDList weights) {
        if (encoder != null) {
            StateDict.loadEncoder(encoder, weights);
        }
        headLayers().forEach((layer, linear) -> linear.getParameters()
                .forEach(p -> StateDict.set(p.getValue(), weights, StateDict.name("head.", layer, p.getValue()))));
    }

    /** The head's linear layers by their index in PyTorch's {@code Sequential(Linear, ReLU, Linear)}. */
    private java.util.Map<Integer, Linear> headLayers() {
        java.util.Map<Integer, Linear> layers = new java.util.LinkedHashMap<>();
        if (hiddenLayer != null) {
            layers.put(0, (Linear) hiddenLayer.getChildren().get(0).getValue());
            layers.put(2, outputLayer);
        } else {
            layers.put(0, outputLayer);
        }
        return layers;
    }

    /** Every trainable parameter: the encoder's (when fine-tuning) and the head's. */
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>();
        if (encoder != null) {
            list.addAll(encoder.parameters().subList(0, encoderParameterCount()));
        }
        list.addAll(headParameters);
        return list;
    }

    private int encoderParameterCount() {
        int[] count = {0};
        encoder.encoder().getParameters().forEach(p -> count[0]++);
        return count[0];
    }

    /** Class scores (before softmax) of a batch; {@code training} records the graph and applies dropout. */
    public NDArray logits(NDArray x, boolean training) {
        NDArray features = x;
        if (encoder != null) {
            NDArray code = encoder.encoder().forward(encoder.store(), new NDList(x), training).singletonOrThrow();
            features = pooling.features(code).sub(inputScaling[0]).mul(inputScaling[1]);
        }
        if (hiddenLayer != null) {
            features = hiddenLayer.forward(store, new NDList(features), training).singletonOrThrow();
            if (training && dropout > 0) {
                features = features.mul(dropoutMask(x.getManager(), features.getShape()));
            }
        }
        return outputLayer.forward(store, new NDList(features), training).singletonOrThrow();
    }

    /**
     * Whether {@link #gradients} applies: a head on feature vectors without dropout, whose gradients
     * have a closed form.
     */
    boolean closedFormGradients() {
        return encoder == null && dropout == 0;
    }

    /**
     * The gradients of a batch's mean softmax cross-entropy with respect to {@link #parameters()},
     * in that order, computed in closed form from the forward pass's activations: no gradient
     * collector (the engine allows one at a time per process), so heads can train side by side on
     * several threads. Only for a head on features without dropout ({@link #closedFormGradients}).
     *
     * @param x      the batch's inputs, {@code n x features}
     * @param onehot its labels, one-hot, {@code n x classes}
     */
    List<NDArray> gradients(NDArray x, NDArray onehot) {
        if (!closedFormGradients()) {
            throw new IllegalStateException("closed-form gradients need a head on features without dropout");
        }
        NDManager scratch = x.getManager();
        List<NDArray> grads = new ArrayList<>();
        NDArray inputs = x;
        if (hiddenLayer != null) {
            inputs = Activation.relu(affine(x, weightAndBias(0, scratch)));
        }
        NDArray[] out = weightAndBias(headParameters.size() - 2, scratch); // the output layer's are the last two
        NDArray logits = affine(inputs, out);
        NDArray dLogits = logits.softmax(1).sub(onehot).div(x.getShape().get(0));
        if (hiddenLayer != null) {
            // ReLU passes the gradient where its output is positive; the sign of that output is the 0/1 mask
            NDArray dHidden = dLogits.matMul(out[0]).mul(inputs.sign());
            grads.add(dHidden.transpose().matMul(x));
            grads.add(dHidden.sum(new int[] {0}));
        }
        grads.add(dLogits.transpose().matMul(inputs));
        grads.add(dLogits.sum(new int[] {0}));
        return grads;
    }

    /** {@code x W^T + b}, as a linear layer computes it. */
    private static NDArray affine(NDArray x, NDArray[] weightAndBias) {
        return x.getNDArrayInternal().linear(x, weightAndBias[0], weightAndBias[1]).singletonOrThrow();
    }

    /**
     * A linear layer's weight and bias (the head's parameters {@code weight} and {@code weight + 1}), detached from gradient
     * recording, owned by {@code scratch}.
     */
    private NDArray[] weightAndBias(int weightIndex, NDManager scratch) {
        NDArray weight = headParameters.get(weightIndex).getArray().stopGradient();
        NDArray bias = headParameters.get(weightIndex + 1).getArray().stopGradient();
        weight.attach(scratch);
        bias.attach(scratch);
        return new NDArray[] {weight, bias};
    }

    private NDArray dropoutMask(NDManager scratch, Shape shape) {
        float[] mask = new float[Math.toIntExact(shape.size())];
        float keep = 1f / (1f - dropout);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = masks.nextDouble() < dropout ? 0f : keep;
        }
        return scratch.create(mask, shape);
    }

    /** Softmax probabilities of every input, {@code n x classes} row-major. */
    public float[] probabilities(Inputs inputs) {
        int n = inputs.size();
        float[] out = new float[n * classes];
        int[] order = new int[n];
        java.util.Arrays.setAll(order, i -> i);
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int count = Math.min(EVAL_BATCH, n - from);
            try (NDManager scratch = manager.newSubManager()) {
                float[] p = logits(inputs.batch(scratch, order, from, count), false).softmax(1).toFloatArray();
                System.arraycopy(p, 0, out, from * classes, p.length);
            }
        }
        return out;
    }

    /** Number of classes. */
    public int classes() {
        return classes;
    }

    /** The manager for scratch arrays. */
    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}

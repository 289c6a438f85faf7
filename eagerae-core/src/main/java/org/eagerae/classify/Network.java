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
import org.eagerae.model.Cae;
import org.eagerae.model.Initialisation;

/**
 * A classifier head (one hidden ReLU layer, or none for logistic regression) that reads feature
 * vectors, optionally behind an autoencoder's encoder for end-to-end fine-tuning.
 */
public final class Network implements AutoCloseable {

    private static final int EVAL_BATCH = 500;

    private final NDManager manager;
    private final SequentialBlock head;
    private final ParameterStore store;
    private final Cae encoder;
    private final int classes;

    private Network(NDManager parent, int inputs, int hidden, int classes, long seed, Cae encoder) {
        this.manager = parent.newSubManager();
        this.classes = classes;
        this.encoder = encoder;
        this.head = new SequentialBlock();
        if (hidden > 0) {
            head.add(Linear.builder().setUnits(hidden).build()).add(Activation.reluBlock());
        }
        head.add(Linear.builder().setUnits(classes).build());
        head.initialize(manager, DataType.FLOAT32, new Shape(1, inputs));
        Initialisation.pytorchDefault(headParameters(), seed);
        this.store = new ParameterStore(manager, false);
    }

    /** A head on feature vectors of {@code inputs} values. */
    public static Network onFeatures(NDManager parent, int inputs, int hidden, int classes, long seed) {
        return new Network(parent, inputs, hidden, classes, seed, null);
    }

    /** A head on an encoder's flattened activations, trained together with the encoder. */
    public static Network onEncoder(Cae cae, int hidden, int classes, long seed) {
        return new Network(cae.manager(), cae.spec().latentSize(), hidden, classes, seed, cae);
    }

    private List<Parameter> headParameters() {
        List<Parameter> list = new ArrayList<>();
        head.getParameters().forEach(p -> list.add(p.getValue()));
        return list;
    }

    /** Every trainable parameter: the encoder's (when fine-tuning) and the head's. */
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>();
        if (encoder != null) {
            list.addAll(encoder.parameters().subList(0, encoderParameterCount()));
        }
        list.addAll(headParameters());
        return list;
    }

    private int encoderParameterCount() {
        int[] count = {0};
        encoder.encoder().getParameters().forEach(p -> count[0]++);
        return count[0];
    }

    /** Class scores (before softmax) of a batch. */
    public NDArray logits(NDArray x, boolean training) {
        NDArray features = x;
        if (encoder != null) {
            NDArray code = encoder.encoder().forward(encoder.store(), new NDList(x), training).singletonOrThrow();
            features = code.reshape(code.getShape().get(0), -1);
        }
        return head.forward(store, new NDList(features), training).singletonOrThrow();
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

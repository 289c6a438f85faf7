package org.eagerae.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.model.Cae;

/**
 * The names weights carry in saved models and exports: PyTorch {@code state_dict} names of the
 * paper's architecture as plain PyTorch writes it ({@code bench/pytorch_reference.py}). An encoder
 * is {@code Sequential(Conv2d, ReLU, MaxPool2d, Conv2d, ...)}, so the convolution of stage
 * {@code s} is {@code encoder.<3s>}; eagerae applies ReLU after the pooling, which gives the same
 * values. A classifier head is {@code Sequential(Linear, ReLU, Linear)} ({@code head.0},
 * {@code head.2}), or {@code Sequential(Linear)} for logistic regression; the standardisation
 * statistics are the buffers {@code standardize.mean} and {@code standardize.scale}.
 */
public final class StateDict {

    /** Per-feature means subtracted before the head. */
    public static final String MEAN = "standardize.mean";
    /** Per-feature factors applied after the means are subtracted. */
    public static final String SCALE = "standardize.scale";

    /** The weight of a head's first linear layer (the output layer of logistic regression). */
    public static final String HEAD_FIRST_WEIGHT = "head.0.weight";

    private StateDict() {}

    /** {@code prefix + "<layer>.weight"} or {@code .bias} for a parameter. */
    static String name(String prefix, int layer, Parameter p) {
        return prefix + layer + "." + (p.getType() == Parameter.Type.BIAS ? "bias" : "weight");
    }

    /** Copies of the encoder's convolution weights and biases, named {@code encoder.<3s>.weight} and so on. */
    public static NDList encoderWeights(Cae cae, NDManager target) {
        return encoderWeights(cae, target, "encoder.");
    }

    /** The same, named {@code <prefix><3s>.weight} (e.g. {@code encoders.0.} for the first of several). */
    public static NDList encoderWeights(Cae cae, NDManager target, String prefix) {
        NDList out = new NDList();
        List<Conv2d> convolutions = convolutions(cae);
        for (int s = 0; s < convolutions.size(); s++) {
            for (var p : convolutions.get(s).getParameters()) {
                out.add(copy(p.getValue().getArray(), name(prefix, 3 * s, p.getValue()), target));
            }
        }
        return out;
    }

    /** Sets the encoder's weights from arrays named as {@link #encoderWeights} names them. */
    public static void loadEncoder(Cae cae, NDList weights) {
        List<Conv2d> convolutions = convolutions(cae);
        for (int s = 0; s < convolutions.size(); s++) {
            for (var p : convolutions.get(s).getParameters()) {
                set(p.getValue(), weights, name("encoder.", 3 * s, p.getValue()));
            }
        }
    }

    private static List<Conv2d> convolutions(Cae cae) {
        return cae.encoder().getChildren().values().stream().filter(b -> b instanceof Conv2d).map(b -> (Conv2d) b).toList();
    }

    /** Sets a parameter's values from the array called {@code name}, which must have the parameter's shape. */
    static void set(Parameter p, NDList weights, String name) {
        NDArray target = p.getArray();
        NDArray source = find(weights, name, target.getShape());
        target.set(source.toFloatArray());
    }

    /** The array called {@code name}, which must have {@code shape}; a clear error otherwise. */
    public static NDArray find(NDList weights, String name, Shape shape) {
        for (NDArray a : weights) {
            if (name.equals(a.getName())) {
                if (!a.getShape().equals(shape)) {
                    throw new InvalidInputException("weight '" + name + "' has shape " + a.getShape() + ", expected " + shape);
                }
                return a;
            }
        }
        throw new InvalidInputException("weights have no '" + name + "'");
    }

    /** A copy of {@code array} in {@code target}, named. */
    public static NDArray copy(NDArray array, String name, NDManager target) {
        NDArray out = target.create(array.toFloatArray(), array.getShape());
        out.setName(name);
        return out;
    }

    /** Copies of named arrays, each keeping its name, owned by {@code target}. */
    public static NDList copyAll(NDList arrays, NDManager target) {
        NDList out = new NDList();
        arrays.forEach(a -> out.add(copy(a, a.getName(), target)));
        return out;
    }

    /** A copy of {@code values} with {@code shape} in {@code target}, named. */
    public static NDArray named(float[] values, Shape shape, String name, NDManager target) {
        NDArray out = target.create(values, shape);
        out.setName(name);
        return out;
    }

    /** The same arrays, renamed with {@code prefix} in front (for models made of parts). */
    public static NDList prefixed(NDList weights, String prefix) {
        for (NDArray a : weights) {
            a.setName(prefix + a.getName());
        }
        return weights;
    }
}

package org.eagerae.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * PyTorch's default initialisation, drawn from a seed of our own: every weight and the bias that
 * follows it uniform in ±1/sqrt(fan_in), where fan_in = size(1) x kernel area (for convolutions,
 * transposed convolutions and linear layers alike). DJL's engine seed is global to the JVM; this
 * keeps a model's weights a function of its own seed.
 */
public final class Initialisation {

    private Initialisation() {}

    /** Sets the parameters (weights each followed by their bias) from {@code seed}. */
    public static void pytorchDefault(List<Parameter> parameters, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 0;
        for (Parameter p : parameters) {
            Shape shape = p.getShape();
            if (p.getType() == Parameter.Type.WEIGHT) {
                bound = 1.0 / Math.sqrt((double) shape.size() / shape.get(0));
            }
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            p.getArray().set(values);
        }
    }
}

package org.eagerae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam over a fixed list of parameters, with its moment estimates held here so that a checkpoint
 * can save and restore them (DJL's own optimiser keeps them private). The update itself is the
 * engine's fused Adam kernel, which also zeroes the gradients.
 */
public final class Adam {

    /** Decay of the first moment estimate. */
    public static final float BETA1 = 0.9f;
    /** Decay of the second moment estimate. */
    public static final float BETA2 = 0.999f;
    /** Added to the root of the second moment. */
    public static final float EPSILON = 1e-8f;
    /** The engine kernel clips only when the bound is non-negative. */
    private static final float NO_CLIPPING = -1f;

    private float learningRate;
    private final List<Parameter> parameters;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private long steps;

    /**
     * @param parameters   the parameters to update, in checkpoint order
     * @param manager      owner of the moment arrays
     * @param learningRate step size
     */
    public Adam(List<Parameter> parameters, NDManager manager, float learningRate) {
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
        for (Parameter p : parameters) {
            means.add(manager.zeros(p.getShape()));
            variances.add(manager.zeros(p.getShape()));
        }
    }

    /** Applies one update from the gradients of the last backward pass and zeroes them. */
    public void step() {
        float corrected = nextStep();
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            try (NDArray grad = weight.getGradient()) {
                update(i, weight, grad, corrected);
            }
        }
    }

    private float nextStep() {
        steps++;
        return correctedStepSize(learningRate, steps);
    }

    /** The step size of step {@code step} (1, 2, ...) with both moments' bias correction folded in. */
    public static float correctedStepSize(float learningRate, long step) {
        double coef1 = 1.0 - Math.pow(BETA1, step);
        double coef2 = 1.0 - Math.pow(BETA2, step);
        return (float) (learningRate * Math.sqrt(coef2) / coef1);
    }

    private void update(int i, NDArray weight, NDArray grad, float corrected) {
        NDList inputs = new NDList(weight, grad, means.get(i), variances.get(i));
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), learningRate, corrected,
                0f, 1f, NO_CLIPPING, BETA1, BETA2, EPSILON, true, false);
    }

    /** The step size. */
    public float learningRate() {
        return learningRate;
    }

    /** Changes the step size of the following updates (a learning-rate schedule). */
    public void learningRate(float value) {
        learningRate = value;
    }

    /** Number of updates applied so far. */
    public long steps() {
        return steps;
    }

    /** First-moment estimates, in parameter order. */
    public List<NDArray> means() {
        return means;
    }

    /** Second-moment estimates, in parameter order. */
    public List<NDArray> variances() {
        return variances;
    }

    /** Restores the state saved in a checkpoint. */
    public void restore(long steps, List<float[]> means, List<float[]> variances) {
        this.steps = steps;
        for (int i = 0; i < parameters.size(); i++) {
            this.means.get(i).set(means.get(i));
            this.variances.get(i).set(variances.get(i));
        }
    }
}

package org.eagerae.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.train.Adam;

/**
 * Adam for a head on frozen features, given its gradients in closed form ({@link Network#gradients}),
 * with the update made on the JVM side in one pass over each weight array. The engine's fused update
 * ({@link org.eagerae.train.Adam}) walks a 2-million-weight layer about eleven times and allocates five
 * temporaries, and costs as much as the layer's matrix products; here a step copies the gradient out,
 * updates weights and moments in one loop and copies the weights back through a native buffer kept for
 * the purpose (a new one per step would leave megabytes of native garbage per step until the next collection).
 *
 * <p>The rule is {@link org.eagerae.train.Adam}'s: moments {@code m = b1 m + (1 - b1) g} and
 * {@code v = b2 v + (1 - b2) g^2}, and {@code w -= c m / (sqrt(v) + eps)} with the bias correction folded
 * into the step size {@code c = rate sqrt(1 - b2^t) / (1 - b1^t)}. It keeps a copy of the weights, so
 * weights set from outside must be announced with {@link #reloadWeights()}.
 */
final class HeadAdam {

    private final List<Parameter> parameters;
    private final List<float[]> weights = new ArrayList<>();
    private final List<float[]> means = new ArrayList<>();
    private final List<float[]> variances = new ArrayList<>();
    /** One native buffer per parameter that the new weights go through: none is allocated per step. */
    private final List<ByteBuffer> transfers = new ArrayList<>();
    private float learningRate;
    private long steps;

    HeadAdam(List<Parameter> parameters, float learningRate) {
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
        for (Parameter p : this.parameters) {
            int size = Math.toIntExact(p.getArray().size());
            means.add(new float[size]);
            variances.add(new float[size]);
            transfers.add(ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder()));
        }
        reloadWeights();
    }

    /** Reads the weights again from the parameters, after something else set them. */
    void reloadWeights() {
        weights.clear();
        parameters.forEach(p -> weights.add(p.getArray().toFloatArray()));
    }

    /** One step with {@code gradients}, one per parameter in the same order. */
    void step(List<NDArray> gradients) {
        if (gradients.size() != parameters.size()) {
            throw new IllegalArgumentException(gradients.size() + " gradients for " + parameters.size() + " parameters");
        }
        steps++;
        float corrected = Adam.correctedStepSize(learningRate, steps);
        for (int i = 0; i < parameters.size(); i++) {
            float[] w = weights.get(i);
            update(w, gradients.get(i).toFloatArray(), means.get(i), variances.get(i), corrected);
            ByteBuffer transfer = transfers.get(i);
            transfer.asFloatBuffer().put(w);
            transfer.rewind();
            parameters.get(i).getArray().set(transfer);
        }
    }

    private static void update(float[] w, float[] g, float[] m, float[] v, float corrected) {
        for (int k = 0; k < w.length; k++) {
            float gk = g[k];
            float mk = Adam.BETA1 * m[k] + (1 - Adam.BETA1) * gk;
            float vk = Adam.BETA2 * v[k] + (1 - Adam.BETA2) * gk * gk;
            m[k] = mk;
            v[k] = vk;
            w[k] -= corrected * mk / ((float) Math.sqrt(vk) + Adam.EPSILON);
        }
    }

    float learningRate() {
        return learningRate;
    }

    void learningRate(float value) {
        learningRate = value;
    }
}

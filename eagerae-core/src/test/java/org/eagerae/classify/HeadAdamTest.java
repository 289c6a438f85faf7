package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.eagerae.train.Adam;
import org.junit.jupiter.api.Test;

class HeadAdamTest {

    @Test
    void followsTheEnginesAdamStepForStepAcrossAStepSizeDrop() {
        GaussianBatch batch = GaussianBatch.draw(11, 20, 7, 3);
        int n = batch.rows();
        int d = batch.cols();
        float[] x = batch.x();
        int[] y = batch.labels();
        try (NDManager m = NDManager.newBaseManager(); Network jvm = Network.onFeatures(m, d, 5, 3, 4);
                Network engine = Network.onFeatures(m, d, 5, 3, 4)) {
            NDArray input = m.create(x, new Shape(n, d));
            NDArray onehot = m.create(y).oneHot(3);
            HeadAdam headAdam = new HeadAdam(jvm.parameters(), 0.01f);
            Adam adam = new Adam(engine.parameters(), m, 0.01f);
            List<float[]> start = jvm.parameters().stream().map(p -> p.getArray().toFloatArray()).toList();
            for (int step = 1; step <= 30; step++) {
                if (step == 20) {
                    headAdam.learningRate(headAdam.learningRate() / 5);
                    adam.learningRate(adam.learningRate() / 5);
                }
                headAdam.step(jvm.gradients(input, onehot));
                try (GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    collector.backward(engine.logits(input, true).logSoftmax(1).mul(onehot).sum(new int[] {1}).mean().neg());
                }
                adam.step();
            }
            List<Parameter> a = jvm.parameters();
            List<Parameter> b = engine.parameters();
            for (int i = 0; i < a.size(); i++) {
                float[] moved = a.get(i).getArray().toFloatArray();
                assertThat(moved).as("parameter %d", i).containsExactly(b.get(i).getArray().toFloatArray(), within(2e-5f));
                assertThat(moved).as("parameter %d moved", i).isNotEqualTo(start.get(i));
            }
        }
    }

    @Test
    void weightsSetFromOutsideAreReadBackBeforeTheNextStep() {
        try (NDManager m = NDManager.newBaseManager(); Network net = Network.onFeatures(m, 4, 0, 2, 1)) {
            Parameter weight = net.parameters().get(0);
            HeadAdam adam = new HeadAdam(net.parameters(), 0.1f);
            weight.getArray().set(new float[] {1, 2, 3, 4, 5, 6, 7, 8});
            adam.reloadWeights();
            NDArray zero = m.zeros(new Shape(2, 4));
            adam.step(List.of(zero, m.zeros(new Shape(2))));
            assertThat(weight.getArray().toFloatArray()).as("a zero gradient leaves the weights set from outside")
                    .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        }
    }
}

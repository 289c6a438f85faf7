package org.eagerae.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.junit.jupiter.api.Test;

class CaeTest {

    @Test
    void mnistPresetHasThePapersShapes() {
        CaeSpec spec = CaeSpec.mnist();
        assertThat(spec.latentSize()).isEqualTo(32 * 7 * 7);
        try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 1)) {
            NDArray x = manager.randomUniform(0, 1, new Shape(3, 1, 28, 28));
            assertThat(cae.reconstruct(x, false).getShape()).isEqualTo(new Shape(3, 1, 28, 28));
            assertThat(cae.encode(x).getShape()).isEqualTo(new Shape(3, 32 * 7 * 7));
            float[] out = cae.reconstruct(x, false).toFloatArray();
            for (float v : out) {
                assertThat(v).isBetween(0f, 1f);
            }
            List<Parameter> params = cae.parameters();
            long count = params.stream().mapToLong(p -> p.getShape().size()).sum();
            // conv 1->16 (5x5), conv 16->32 (5x5), tconv 32->16 (2x2), tconv 16->1 (2x2), with biases
            assertThat(count).isEqualTo((16 * 25 + 16) + (32 * 16 * 25 + 32) + (32 * 16 * 4 + 16) + (16 * 4 + 1));
        }
    }

    @Test
    void cifarPresetReconstructsThreeChannels() {
        try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(CaeSpec.cifar10(), manager, 1)) {
            NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            assertThat(cae.reconstruct(x, false).getShape()).isEqualTo(new Shape(2, 3, 32, 32));
            assertThat(cae.encode(x).getShape()).isEqualTo(new Shape(2, 64 * 8 * 8));
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        try (NDManager manager = NDManager.newBaseManager();
                Cae a = Cae.create(CaeSpec.mnist(), manager, 5);
                Cae b = Cae.create(CaeSpec.mnist(), manager, 5);
                Cae c = Cae.create(CaeSpec.mnist(), manager, 6)) {
            float[] wa = a.parameters().get(0).getArray().toFloatArray();
            assertThat(b.parameters().get(0).getArray().toFloatArray()).containsExactly(wa);
            assertThat(c.parameters().get(0).getArray().toFloatArray()).isNotEqualTo(wa);
            // PyTorch's default bound for the first convolution: 1/sqrt(1*5*5) = 0.2
            for (float v : wa) {
                assertThat(Math.abs(v)).isLessThanOrEqualTo(0.2f);
            }
        }
    }

    @Test
    void flopsCountFollowsTheLayers() {
        CaeSpec spec = CaeSpec.mnist();
        long expected = 2L * 28 * 28 * 16 * 25 + 2L * 14 * 14 * 32 * 16 * 25 + 2L * 7 * 7 * 32 * 16 * 4 + 2L * 14 * 14 * 16 * 4;
        assertThat(spec.forwardFlopsPerImage()).isEqualTo(expected);
    }

    @Test
    void rejectsShapesThePoolingCannotHalve() {
        assertThatThrownBy(() -> new CaeSpec(1, 30, 30, List.of(16, 32), 5, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("images of 30x30 do not fit the model")
                .hasMessageContaining("need a height and width divisible by 4");
    }

    @Test
    void channelsLastModelGivesThePlainComputationsValuesAndGradients() {
        for (CaeSpec spec : List.of(CaeSpec.mnist(), CaeSpec.cifar10())) {
            try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 3)) {
                NDArray x = manager.randomUniform(0, 1, new Shape(2, spec.channels(), spec.height(), spec.width()));
                List<NDArray> weights = new ArrayList<>();
                for (Parameter p : cae.parameters()) {
                    NDArray w = p.getArray().duplicate();
                    w.setRequiresGradient(true);
                    weights.add(w);
                }
                float[] expected;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray y = plainReconstruction(spec, x, weights);
                    expected = y.toFloatArray();
                    collector.backward(y.sub(x).square().mean());
                }
                float[] actual;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray y = cae.reconstruct(x, true);
                    actual = y.toFloatArray();
                    collector.backward(y.sub(x).square().mean());
                }
                assertClose(spec.describe() + " reconstruction", actual, expected);
                for (int i = 0; i < weights.size(); i++) {
                    Parameter p = cae.parameters().get(i);
                    assertClose(spec.describe() + " gradient of " + p.getName(), p.getArray().getGradient().toFloatArray(),
                            weights.get(i).getGradient().toFloatArray());
                }
            }
        }
    }

    @Test
    void encoderKeepsChannelsLastMemoryToTheCode() {
        try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(CaeSpec.mnist(), manager, 1)) {
            NDArray x = manager.randomUniform(0, 1, new Shape(2, 1, 28, 28));
            NDArray code = cae.encoder().forward(cae.store(), new NDList(x), false).singletonOrThrow();
            assertThat(ChannelsLastTest.hasChannelsLastMemory(code)).isTrue();
        }
    }

    /** The autoencoder written out with the engine's operations on plain (N, C, H, W) arrays. */
    private static NDArray plainReconstruction(CaeSpec spec, NDArray x, List<NDArray> weights) {
        int pad = spec.kernel() / 2;
        Shape pool = new Shape(spec.pool(), spec.pool());
        NDArray a = x;
        int w = 0;
        for (int stage = 0; stage < spec.stages(); stage++) {
            a = Conv2d.conv2d(a, weights.get(w++), weights.get(w++), new Shape(1, 1), new Shape(pad, pad)).singletonOrThrow();
            a = Activation.relu(Pool.maxPool2d(a, pool, pool, new Shape(0, 0), false));
        }
        for (int stage = spec.stages() - 1; stage >= 0; stage--) {
            a = TransposedConv2d.apply(a, weights.get(w++), weights.get(w++), spec.pool());
            a = stage == 0 ? Activation.sigmoid(a) : Activation.relu(a);
        }
        return a;
    }

    /**
     * Equal up to the rounding of sums taken in another order: 1e-4 of the largest magnitude. A weight's
     * gradient sums thousands of products of either sign, and on unseeded random inputs its rounding
     * reached 1.4e-5 of the largest gradient once; a wrong computation is off by far more.
     */
    private static void assertClose(String what, float[] actual, float[] expected) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("%s, element %d", what, i).isCloseTo(expected[i], within(1e-4 * scale + 1e-9));
        }
    }
}

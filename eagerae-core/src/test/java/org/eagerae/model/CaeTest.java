package org.eagerae.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidSettingException;
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
    void sidesThePoolingDoesNotDivideArePaddedAndReconstructedAtTheirOwnSize() {
        CaeSpec square = new CaeSpec(1, 30, 30, List.of(16, 32), 5, 2);
        assertThat(square.padded()).isTrue();
        assertThat(square.paddedHeight()).isEqualTo(32);
        assertThat(square.latentSize()).isEqualTo(32 * 8 * 8);
        CaeSpec oblong = new CaeSpec(3, 27, 33, List.of(8, 8, 8), 3, 2);
        assertThat(oblong.paddedHeight()).isEqualTo(32);
        assertThat(oblong.paddedWidth()).isEqualTo(40);
        assertThat(oblong.latentSize()).isEqualTo(8 * 4 * 5);
        assertThat(oblong.describe()).isEqualTo("3x27x33 conv3 [8, 8, 8] pool2 (padded to 32x40)");
        assertThat(CaeSpec.mnist().padded()).isFalse();
        for (CaeSpec spec : List.of(square, oblong)) {
            try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 1)) {
                NDArray x = manager.randomUniform(0, 1, new Shape(2, spec.channels(), spec.height(), spec.width()));
                assertThat(cae.reconstruct(x, false).getShape()).isEqualTo(new Shape(2, spec.channels(), spec.height(), spec.width()));
                assertThat(cae.encode(x).getShape()).isEqualTo(new Shape(2, spec.latentSize()));
            }
        }
    }

    @Test
    void refusesArchitecturesThatCannotBeBuilt() {
        assertThatThrownBy(() -> new CaeSpec(1, 28, 28, List.of(16, 32), 4, 2)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("kernel must be odd and positive, got 4");
        assertThatThrownBy(() -> new CaeSpec(1, 28, 28, List.of(16, 0), 5, 2)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("filters must list one positive filter count per stage, got [16, 0]");
        assertThatThrownBy(() -> new CaeSpec(1, 28, 28, List.of(), 5, 2)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("filters must list one positive filter count per stage, got []");
        assertThatThrownBy(() -> new CaeSpec(1, 28, 28, List.of(16), 5, 0)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("pool must be >= 1, got 0");
        assertThatThrownBy(() -> new CaeSpec(1, 28, 20, List.of(4, 4, 4, 4, 4), 5, 2)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("filters [4, 4, 4, 4, 4] with pool 2 shrink each side 32-fold (pool^stages), more than images of 28x20 allow;"
                        + " use fewer stages or a smaller pool");
        assertThat(new CaeSpec(1, 16, 16, List.of(4, 4, 4, 4), 5, 2).latentSize()).isEqualTo(4);
    }

    @Test
    void channelsLastModelGivesThePlainComputationsValuesAndGradients() {
        for (CaeSpec spec : List.of(CaeSpec.mnist(), CaeSpec.cifar10(), new CaeSpec(1, 30, 26, List.of(16, 32), 5, 2))) {
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
        if (spec.padded()) {
            a = zeroPadded(spec, x);
        }
        int w = 0;
        for (int stage = 0; stage < spec.stages(); stage++) {
            a = Conv2d.conv2d(a, weights.get(w++), weights.get(w++), new Shape(1, 1), new Shape(pad, pad)).singletonOrThrow();
            a = Activation.relu(Pool.maxPool2d(a, pool, pool, new Shape(0, 0), false));
        }
        for (int stage = spec.stages() - 1; stage >= 0; stage--) {
            a = TransposedConv2d.apply(a, weights.get(w++), weights.get(w++), spec.pool());
            a = stage == 0 ? Activation.sigmoid(a) : Activation.relu(a);
        }
        return a.get(new NDIndex(":, :, :{}, :{}", spec.height(), spec.width()));
    }

    /** The images copied, pixel by pixel, into zeros of the padded size. */
    private static NDArray zeroPadded(CaeSpec spec, NDArray x) {
        int n = (int) x.getShape().get(0);
        int c = spec.channels();
        int ph = spec.paddedHeight();
        int pw = spec.paddedWidth();
        float[] in = x.toFloatArray();
        float[] out = new float[n * c * ph * pw];
        for (int plane = 0; plane < n * c; plane++) {
            for (int y = 0; y < spec.height(); y++) {
                System.arraycopy(in, (plane * spec.height() + y) * spec.width(), out, (plane * ph + y) * pw, spec.width());
            }
        }
        return x.getManager().create(out, new Shape(n, c, ph, pw));
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

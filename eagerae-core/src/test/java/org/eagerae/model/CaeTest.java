package org.eagerae.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
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
}

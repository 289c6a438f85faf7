package org.eagerae.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;
import org.junit.jupiter.api.Test;

class LayerProfileTest {

    private static final CaeSpec SPEC = new CaeSpec(1, 8, 8, List.of(2, 4), 3, 2);

    @Test
    void everyLayerAndTheLossGetTheirPassesAndTheConvolutionsTheirFlops() {
        try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(SPEC, manager, 1)) {
            NDArray images = manager.randomUniform(0, 1, new Shape(4, 1, 8, 8));
            List<float[]> before = weights(cae);
            LayerProfile profile = LayerProfile.measure(cae, images, 3);

            List<String> names = profile.layers().stream().map(LayerProfile.Layer::name).toList();
            assertThat(names).containsExactly("channelsLast", "conv 1->2 3x3", "maxPool2d", "ReLU", "conv 2->4 3x3", "maxPool2d",
                    "ReLU", "transposed conv 4->2 2x2", "ReLU", "transposed conv 2->1 2x2", "sigmoid", "loss (mean squared error)");
            long flops = profile.layers().stream().mapToLong(LayerProfile.Layer::flops).sum();
            assertThat(flops).isEqualTo(4 * SPEC.forwardFlopsPerImage());
            assertThat(profile.layers().get(1).output()).isEqualTo(new Shape(4, 2, 8, 8));

            for (LayerProfile.Layer layer : profile.layers()) {
                assertThat(layer.forward()).as(layer.name()).isFinite().isNotNegative();
            }
            // the first convolution's input is the data: no gradient is computed for it
            assertThat(profile.layers().get(1).backwardToInputs()).isNaN();
            assertThat(profile.layers().get(1).backwardToWeights()).isFinite();
            assertThat(profile.layers().get(4).backwardToInputs()).isFinite();
            assertThat(profile.layers().get(2).backwardToWeights()).isNaN();
            assertThat(profile.table()).contains("| conv 2->4 3x3 | (4, 4, 4, 4) |").contains("One whole step");
            // profiling trains nothing
            List<float[]> after = weights(cae);
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i)).containsExactly(before.get(i));
            }
        }
    }

    private static List<float[]> weights(Cae cae) {
        List<float[]> values = new ArrayList<>();
        for (Parameter p : cae.parameters()) {
            values.add(p.getArray().toFloatArray());
        }
        return values;
    }
}

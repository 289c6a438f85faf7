package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.eagerae.InvalidSettingException;
import org.eagerae.model.CaeSpec;
import org.junit.jupiter.api.Test;

/** Pooled features against averages taken here cell by cell, their sizes, and the setting's words. */
class FeaturePoolingTest {

    @Test
    void aGridAveragesEachFiltersCellsAsPyTorchsAdaptivePoolingDividesThem() {
        int n = 2, c = 3, h = 5, w = 7, g = 2;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray code = manager.randomUniform(0, 1, new Shape(n, c, h, w));
            float[] x = code.toFloatArray();
            float[] pooled = new FeaturePooling(g).features(code).toFloatArray();
            assertThat(pooled).hasSize(n * c * g * g);
            // rows [0, 3) and [2, 5), columns [0, 4) and [3, 7): floor(i s / g) to ceil((i + 1) s / g)
            int[][] rows = {{0, 3}, {2, 5}};
            int[][] cols = {{0, 4}, {3, 7}};
            for (int image = 0; image < n; image++) {
                for (int f = 0; f < c; f++) {
                    for (int i = 0; i < g; i++) {
                        for (int j = 0; j < g; j++) {
                            double sum = 0;
                            int count = 0;
                            for (int y = rows[i][0]; y < rows[i][1]; y++) {
                                for (int q = cols[j][0]; q < cols[j][1]; q++) {
                                    sum += x[((image * c + f) * h + y) * w + q];
                                    count++;
                                }
                            }
                            assertThat((double) pooled[image * c * g * g + f * g * g + i * g + j]).isCloseTo(sum / count, within(1e-5));
                        }
                    }
                }
            }
            float[] global = FeaturePooling.GLOBAL.features(code).toFloatArray();
            assertThat(global).hasSize(n * c);
            assertThat(FeaturePooling.NONE.features(code).toFloatArray()).containsExactly(x);
        }
    }

    @Test
    void sizesAndWords() {
        CaeSpec spec = new CaeSpec(3, 96, 96, List.of(16, 32), 5, 2);
        assertThat(FeaturePooling.NONE.size(spec)).isEqualTo(32 * 24 * 24);
        assertThat(FeaturePooling.GLOBAL.size(spec)).isEqualTo(32);
        assertThat(FeaturePooling.parse("grid:4").size(spec)).isEqualTo(32 * 16);
        for (String text : List.of("none", "average", "grid:3")) {
            assertThat(FeaturePooling.parse(text).toString()).isEqualTo(text);
        }
        assertThat(FeaturePooling.parse("grid:1")).isEqualTo(FeaturePooling.GLOBAL);
        for (String bad : List.of("grid:0", "grid:x", "max", "")) {
            assertThatThrownBy(() -> FeaturePooling.parse(bad)).isInstanceOf(InvalidSettingException.class)
                    .hasMessage("featurePooling must be none, average or grid:G with G >= 1, got '" + bad + "'");
        }
    }
}

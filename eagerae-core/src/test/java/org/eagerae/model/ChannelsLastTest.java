package org.eagerae.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.junit.jupiter.api.Test;

/** Channels-last arrays keep their values, and the engine keeps their memory format through a convolution. */
class ChannelsLastTest {

    @Test
    void valuesAndShapeAreUnchanged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int channels : new int[] {1, 3}) {
                NDArray x = manager.randomUniform(0, 1, new Shape(2, channels, 4, 5));
                NDArray y = ChannelsLast.of(x);
                assertThat(y.getShape()).isEqualTo(x.getShape());
                assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
            }
        }
    }

    @Test
    void convolutionOfChannelsLastImagesComesOutChannelsLast() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int channels : new int[] {1, 3}) {
                NDArray x = manager.randomUniform(0, 1, new Shape(2, channels, 6, 6));
                NDArray w = manager.randomUniform(-1, 1, new Shape(4, channels, 3, 3));
                NDArray b = manager.zeros(new Shape(4));
                NDArray plain = conv(x, w, b);
                NDArray channelsLast = conv(ChannelsLast.of(x), w, b);
                assertThat(hasChannelsLastMemory(plain)).as("plain, %d channels", channels).isFalse();
                assertThat(hasChannelsLastMemory(channelsLast)).as("channels-last, %d channels", channels).isTrue();
            }
        }
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray b) {
        return Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
    }

    /**
     * Whether {@code y (N, C, H, W)} holds its values in {@code N, H, W, C} order: then flattening
     * it in that order is a view of the same memory, which an in-place change shows.
     */
    static boolean hasChannelsLastMemory(NDArray y) {
        float[] before = y.toFloatArray();
        y.transpose(0, 2, 3, 1).reshape(-1).addi(1f);
        float[] after = y.toFloatArray();
        for (int i = 0; i < before.length; i++) {
            if (after[i] != before[i] + 1f) {
                return false;
            }
        }
        return true;
    }
}

package org.eagerae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Images {@code (N, C, H, W)} whose memory holds each pixel's channels together ({@code N, H, W, C}
 * order), while their shape stays {@code (N, C, H, W)}: the engine's "channels-last" memory format.
 *
 * <p>libtorch keeps a tensor's memory format through convolutions, pooling and elementwise
 * operations. In channels-last, oneDNN convolves without converting every activation to its
 * blocked format and back, its single-input-channel convolution computes the weight gradient
 * without padding the one channel to eight, and max-pooling runs its vectorised kernel; see
 * {@code docs/BENCHMARKS.md}. Values do not depend on the memory format, only the order in which
 * the kernels sum.
 */
public final class ChannelsLast {

    private ChannelsLast() {}

    /**
     * The same values in channels-last memory: a view where they already are (one channel, or a
     * channels-last array), otherwise one copy.
     *
     * <p>The flattening step matters for one channel: there the engine tells the memory format by
     * the stride of the channel dimension, which a mere transposition would leave as it was.
     *
     * @param x an array {@code (N, C, H, W)}
     * @return {@code x}'s values, shape {@code (N, C, H, W)}, channels-last memory
     */
    public static NDArray of(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1)
                .reshape(s.get(0), -1)
                .reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }
}

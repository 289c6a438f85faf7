package org.eagerae.model;

import java.util.List;
import org.eagerae.InvalidSettingException;

/**
 * The layers of a convolutional autoencoder without the images they take: filters per encoder
 * stage, the convolutions' kernel and the pooling. A {@link CaeSpec} is an architecture for images
 * of one shape ({@link CaeSpec#of}).
 *
 * @param filters encoder filters per stage, one entry a stage; each positive
 * @param kernel  odd, positive convolution kernel size
 * @param pool    max-pooling size and stride, at least 1 (the decoder's transposed kernel and stride)
 */
public record Architecture(List<Integer> filters, int kernel, int pool) {

    /** The paper's MNIST layers: 5x5 convolutions with 16 then 32 filters, 2x2 pooling. */
    public static final Architecture MNIST = new Architecture(List.of(16, 32), 5, 2);

    /** The paper's CIFAR-10 layers: 5x5 convolutions with 32 then 64 filters, 2x2 pooling. */
    public static final Architecture CIFAR10 = new Architecture(List.of(32, 64), 5, 2);

    public Architecture {
        if (filters == null || filters.isEmpty() || filters.stream().anyMatch(f -> f == null || f <= 0)) {
            throw new InvalidSettingException("filters", "filters must list one positive filter count per stage, got " + filters);
        }
        filters = List.copyOf(filters);
        if (kernel <= 0 || kernel % 2 == 0) {
            throw new InvalidSettingException("kernel", "kernel must be odd and positive, got " + kernel);
        }
        InvalidSettingException.require(pool >= 1, "pool", "must be >= 1", pool);
    }

    /** The paper's preset for images of this shape: CIFAR-10's for 3x32x32, MNIST's for every other shape. */
    public static Architecture presetFor(int channels, int height, int width) {
        return channels == 3 && height == 32 && width == 32 ? CIFAR10 : MNIST;
    }

    /** Number of encoder stages. */
    public int stages() {
        return filters.size();
    }

    /** These layers with other filters per stage. */
    public Architecture withFilters(List<Integer> counts) {
        return new Architecture(counts, kernel, pool);
    }

    /** These layers with another kernel size. */
    public Architecture withKernel(int size) {
        return new Architecture(filters, size, pool);
    }

    /** These layers with another pooling size. */
    public Architecture withPool(int size) {
        return new Architecture(filters, kernel, size);
    }
}

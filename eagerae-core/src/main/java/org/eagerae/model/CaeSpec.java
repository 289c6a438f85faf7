package org.eagerae.model;

import java.util.List;
import java.util.Locale;
import org.eagerae.InvalidSettingException;

/**
 * The architecture of a convolutional autoencoder for images of one shape, as data.
 *
 * <p>The encoder has one stage per entry of {@code filters}: a {@code kernel x kernel} convolution
 * with "same" padding, ReLU, then {@code pool x pool} max-pooling. The decoder mirrors it with
 * {@code pool x pool} transposed convolutions of stride {@code pool}: ReLU after each but the last,
 * a sigmoid after the last, which returns to {@code channels} channels.
 *
 * <p>Images of any size: the stages shrink each side {@link #scale()}-fold ({@code pool^stages}), so a
 * side that this does not divide is padded with zeros at its end (bottom, right) to the next multiple
 * ({@link #paddedHeight()}, {@link #paddedWidth()}) before the first convolution, and the decoder's
 * output is cropped back to {@code height x width}: reconstructions, their loss and their figures are
 * of the real pixels only; the features are the encoder's output on the padded image. Shapes that the
 * pooling divides are not padded, and their numbers are those of the unpadded model.
 *
 * @param channels input channels (1 grey, 3 RGB)
 * @param height   input height, at least {@code pool^stages}
 * @param width    input width, at least {@code pool^stages}
 * @param filters  encoder filters per stage
 * @param kernel   odd convolution kernel size
 * @param pool     max-pooling size and stride (= the decoder's transposed kernel and stride)
 */
public record CaeSpec(int channels, int height, int width, List<Integer> filters, int kernel, int pool) {

    public CaeSpec {
        Architecture layers = new Architecture(filters, kernel, pool);
        filters = layers.filters();
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new InvalidSettingException(List.of("channels", "height", "width"),
                    "channels, height and width must be positive, got " + channels + "x" + height + "x" + width);
        }
        long scale = scale(pool, filters.size());
        if (scale > Math.min(height, width)) {
            throw new InvalidSettingException(List.of("filters", "pool"), "filters " + filters + " with pool " + pool + " shrink each side "
                    + (scale == Long.MAX_VALUE ? "more than 2^62" : scale) + "-fold (pool^stages), more than images of " + height + "x" + width
                    + " allow; use fewer stages or a smaller pool");
        }
    }

    /** The architecture {@code layers} for images of {@code channels x height x width}. */
    public static CaeSpec of(int channels, int height, int width, Architecture layers) {
        return new CaeSpec(channels, height, width, layers.filters(), layers.kernel(), layers.pool());
    }

    /** The MNIST preset: 1x28x28, 5x5 convolutions with 16 then 32 filters, 2x2 pooling. */
    public static CaeSpec mnist() {
        return of(1, 28, 28, Architecture.MNIST);
    }

    /** The CIFAR-10 preset: 3x32x32, 5x5 convolutions with 32 then 64 filters, 2x2 pooling. */
    public static CaeSpec cifar10() {
        return of(3, 32, 32, Architecture.CIFAR10);
    }

    /** The preset whose input matches the given image shape ({@link Architecture#presetFor}). */
    public static CaeSpec forImages(int channels, int height, int width) {
        return of(channels, height, width, Architecture.presetFor(channels, height, width));
    }

    /** The layers without the image shape. */
    public Architecture architecture() {
        return new Architecture(filters, kernel, pool);
    }

    /** {@code pool^stages}, or {@link Long#MAX_VALUE} when that exceeds 2^62. */
    private static long scale(int pool, int stages) {
        long scale = 1;
        for (int i = 0; i < stages; i++) {
            if (scale > (1L << 62) / Math.max(pool, 1)) {
                return Long.MAX_VALUE;
            }
            scale *= pool;
        }
        return scale;
    }

    /** How many-fold the encoder shrinks each side: {@code pool^stages}. */
    public int scale() {
        return (int) scale(pool, stages());
    }

    /** The height the encoder sees: {@code height} padded up to a multiple of {@link #scale()}. */
    public int paddedHeight() {
        return ceilToMultiple(height, scale());
    }

    /** The width the encoder sees: {@code width} padded up to a multiple of {@link #scale()}. */
    public int paddedWidth() {
        return ceilToMultiple(width, scale());
    }

    /** Whether the images are padded: a side that {@link #scale()} does not divide. */
    public boolean padded() {
        return paddedHeight() != height || paddedWidth() != width;
    }

    private static int ceilToMultiple(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Number of encoder stages. */
    public int stages() {
        return filters.size();
    }

    /** Spatial height of the latent code. */
    public int latentHeight() {
        return paddedHeight() / scale();
    }

    /** Spatial width of the latent code. */
    public int latentWidth() {
        return paddedWidth() / scale();
    }

    /** Length of the flattened encoder output: the feature vector of one image. */
    public int latentSize() {
        return filters.get(stages() - 1) * latentHeight() * latentWidth();
    }

    /** Values in one input image. */
    public int imageSize() {
        return channels * height * width;
    }

    /**
     * Floating-point operations (multiply and add counted separately) of one image's forward pass
     * through the convolutions and transposed convolutions; activations and pooling are ignored.
     */
    public long forwardFlopsPerImage() {
        long flops = encoderFlopsPerImage();
        int in = filters.get(filters.size() - 1);
        int h = latentHeight();
        int w = latentWidth();
        for (int stage = stages() - 1; stage >= 0; stage--) {
            int out = stage == 0 ? channels : filters.get(stage - 1);
            flops += 2L * h * w * in * out * pool * pool;
            in = out;
            h *= pool;
            w *= pool;
        }
        return flops;
    }

    /**
     * Floating-point operations (multiply and add counted separately) of one image through the
     * encoder's convolutions: what extracting its features costs. Activations and pooling are ignored.
     */
    public long encoderFlopsPerImage() {
        long flops = 0;
        int in = channels;
        int h = paddedHeight();
        int w = paddedWidth();
        for (int f : filters) {
            flops += 2L * h * w * f * in * kernel * kernel;
            in = f;
            h /= pool;
            w /= pool;
        }
        return flops;
    }

    /**
     * Values in the arrays one image's forward pass makes: the input; each encoder stage's
     * convolution and ReLU outputs and its pooled output; each decoder stage's 1x1 convolution,
     * depth-to-space and activation outputs. Training keeps these for the backward pass and adds
     * gradients of the same sizes, so its memory is a small multiple of this.
     */
    public long activationValuesPerImage() {
        long total = imageSize();
        long h = paddedHeight();
        long w = paddedWidth();
        for (int f : filters) {
            total += 2L * f * h * w;
            h /= pool;
            w /= pool;
            total += f * h * w;
        }
        for (int stage = stages() - 1; stage >= 0; stage--) {
            int out = stage == 0 ? channels : filters.get(stage - 1);
            total += 3L * out * pool * pool * h * w;
            h *= pool;
            w *= pool;
        }
        return total;
    }

    /** Training FLOPs per image: forward plus a backward pass of about twice the forward. */
    public long trainingFlopsPerImage() {
        return 3 * forwardFlopsPerImage();
    }

    /** A compact description such as {@code 1x28x28 conv5 [16, 32] pool2}, with the padded size where the images are padded. */
    public String describe() {
        return String.format(Locale.ROOT, "%dx%dx%d conv%d %s pool%d", channels, height, width, kernel, filters, pool)
                + (padded() ? String.format(Locale.ROOT, " (padded to %dx%d)", paddedHeight(), paddedWidth()) : "");
    }
}

package org.eagerae.model;

import java.util.List;
import java.util.Locale;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;

/**
 * The architecture of a convolutional autoencoder, as data.
 *
 * <p>The encoder has one stage per entry of {@code filters}: a {@code kernel x kernel} convolution
 * with "same" padding, ReLU, then {@code pool x pool} max-pooling. The decoder mirrors it with
 * {@code pool x pool} transposed convolutions of stride {@code pool}: ReLU after each but the last,
 * a sigmoid after the last, which returns to {@code channels} channels.
 *
 * @param channels input channels (1 grey, 3 RGB)
 * @param height   input height; divisible by {@code pool^stages}
 * @param width    input width; divisible by {@code pool^stages}
 * @param filters  encoder filters per stage
 * @param kernel   odd convolution kernel size
 * @param pool     max-pooling size and stride (= the decoder's transposed kernel and stride)
 */
public record CaeSpec(int channels, int height, int width, List<Integer> filters, int kernel, int pool) {

    public CaeSpec {
        filters = List.copyOf(filters);
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new InvalidSettingException(List.of("channels", "height", "width"),
                    "channels, height and width must be positive, got " + channels + "x" + height + "x" + width);
        }
        if (filters.isEmpty() || filters.stream().anyMatch(f -> f <= 0)) {
            throw new InvalidSettingException("filters", "filters must be a non-empty list of positive counts, got " + filters);
        }
        if (kernel <= 0 || kernel % 2 == 0) {
            throw new InvalidSettingException("kernel", "kernel must be odd and positive, got " + kernel);
        }
        int scale = (int) Math.pow(pool, filters.size());
        if (pool < 1 || height % scale != 0 || width % scale != 0) {
            throw new InvalidInputException("images of " + height + "x" + width + " do not fit the model: its " + filters.size()
                    + " pooling stages need a height and width divisible by " + scale + " (pool^stages); use images whose sides are"
                    + " multiples of " + scale + ", or load them at such a size");
        }
    }

    /** The MNIST preset: 1x28x28, 5x5 convolutions with 16 then 32 filters, 2x2 pooling. */
    public static CaeSpec mnist() {
        return new CaeSpec(1, 28, 28, List.of(16, 32), 5, 2);
    }

    /** The CIFAR-10 preset: 3x32x32, 5x5 convolutions with 32 then 64 filters, 2x2 pooling. */
    public static CaeSpec cifar10() {
        return new CaeSpec(3, 32, 32, List.of(32, 64), 5, 2);
    }

    /** The preset whose input matches the given image shape, or a spec with MNIST's layers for it. */
    public static CaeSpec forImages(int channels, int height, int width) {
        if (channels == 3 && height == 32 && width == 32) {
            return cifar10();
        }
        return new CaeSpec(channels, height, width, mnist().filters(), mnist().kernel(), mnist().pool());
    }

    /** Number of encoder stages. */
    public int stages() {
        return filters.size();
    }

    /** Spatial height of the latent code. */
    public int latentHeight() {
        return height / (int) Math.pow(pool, stages());
    }

    /** Spatial width of the latent code. */
    public int latentWidth() {
        return width / (int) Math.pow(pool, stages());
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
        int h = height;
        int w = width;
        for (int i = 0; i < filters.size(); i++) {
            h /= pool;
            w /= pool;
        }
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
        int h = height;
        int w = width;
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
        long h = height;
        long w = width;
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

    /** A compact description such as {@code 1x28x28 conv5 [16, 32] pool2}. */
    public String describe() {
        return String.format(Locale.ROOT, "%dx%dx%d conv%d %s pool%d", channels, height, width, kernel, filters, pool);
    }
}

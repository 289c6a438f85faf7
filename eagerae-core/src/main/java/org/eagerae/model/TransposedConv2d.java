package org.eagerae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D transposed convolution whose stride equals its kernel ({@code k x k}, stride {@code k}),
 * with PyTorch's weight layout {@code (C_in, C_out, k, k)} and one bias per output channel.
 *
 * <p>DJL's PyTorch engine does not implement deconvolution. With stride = kernel no two output
 * pixels share an input pixel, so the layer is exactly a 1x1 convolution to {@code C_out*k*k}
 * channels (a matrix product over the input channels) followed by a depth-to-space rearrangement
 * (reshape, transpose, reshape), then the bias of each output channel. Every step is
 * differentiable, so gradients flow as for the real layer.
 */
public final class TransposedConv2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outChannels;
    private final int kernel;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param outChannels output channels
     * @param kernel      kernel size, also the stride
     */
    public TransposedConv2d(int outChannels, int kernel) {
        super(VERSION);
        if (outChannels <= 0 || kernel <= 0) {
            throw new IllegalArgumentException("outChannels=" + outChannels + " and kernel=" + kernel + " must be positive");
        }
        this.outChannels = outChannels;
        this.kernel = kernel;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    /** Output channels. */
    public int outChannels() {
        return outChannels;
    }

    /** Kernel size, equal to the stride. */
    public int kernel() {
        return kernel;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = store.getValue(bias, x.getDevice(), training);
        return new NDList(apply(x, w, b, kernel));
    }

    /**
     * The transposed convolution on raw arrays, computed in channels-last memory: one matrix
     * product of every input pixel's channels with the weights, the bias of each output channel,
     * then one copy that moves each pixel's {@code k x k} block of outputs into place.
     *
     * <p>The product is laid out by the layer's shape. Where a pixel's block holds fewer values
     * than the input has channels ({@code k*k*C_out < C_in}, the last layer of a decoder), the
     * pixels are its columns, {@code (k*k*C_out, C_in) x (C_in, N*H*W)}: the matrix-multiply
     * kernels then run along the many pixels instead of a handful of outputs, which makes the
     * layer about twice as fast, forward and backward; otherwise the pixels are its rows,
     * {@code (N*H*W, C_in) x (C_in, k*k*C_out)}, which is faster there (see
     * {@code docs/BENCHMARKS.md}). Both give the same values up to the order of the sums.
     *
     * @param x input {@code (N, C_in, H, W)}, channels-last memory for speed (any memory works)
     * @param w weight {@code (C_in, C_out, k, k)}
     * @param b bias {@code (C_out)}
     * @param k kernel and stride
     * @return output {@code (N, C_out, H*k, W*k)} in channels-last memory
     */
    public static NDArray apply(NDArray x, NDArray w, NDArray b, int k) {
        Shape in = x.getShape();
        long n = in.get(0);
        long cin = in.get(1);
        long h = in.get(2);
        long wd = in.get(3);
        long cout = w.getShape().get(1);
        long block = k * k * cout;
        // Arrays derived from the weights must live with the batch: attached to the weights' manager
        // they (and the autograd graph they hold) would outlive it, batch after batch.
        NDManager batch = x.getManager();
        // one row per block value (row in block, column in block, output channel), one column per input channel
        NDArray weights = w.transpose(2, 3, 1, 0).reshape(block, cin);
        weights.attach(batch);
        NDArray biases = b.tile(k * k);
        biases.attach(batch);
        NDArray pixels = x.transpose(0, 2, 3, 1).reshape(n * h * wd, cin);
        NDArray blocks;
        if (block < cin) {
            blocks = weights.matMul(pixels.transpose()).add(biases.reshape(block, 1))
                    .reshape(k, k, cout, n, h, wd)
                    .transpose(3, 4, 0, 5, 1, 2);
        } else {
            blocks = pixels.matMul(weights.transpose()).add(biases)
                    .reshape(n, h, wd, k, k, cout)
                    .transpose(0, 1, 3, 2, 4, 5);
        }
        return blocks.reshape(n, h * k, wd * k, cout).transpose(0, 3, 1, 2);
    }

    @Override
    protected void prepare(Shape[] inputs) {
        long inChannels = inputs[0].get(1);
        weight.setShape(new Shape(inChannels, outChannels, kernel, kernel));
        bias.setShape(new Shape(outChannels));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2) * kernel, in.get(3) * kernel)};
    }
}

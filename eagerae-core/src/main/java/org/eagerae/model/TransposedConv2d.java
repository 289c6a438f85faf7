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
 * channels followed by a depth-to-space rearrangement (reshape, transpose, reshape), then the bias
 * of each output channel. Every step is differentiable, so gradients flow as for the real layer.
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
     * The transposed convolution on raw arrays.
     *
     * @param x input {@code (N, C_in, H, W)}
     * @param w weight {@code (C_in, C_out, k, k)}
     * @param b bias {@code (C_out)}
     * @param k kernel and stride
     * @return output {@code (N, C_out, H*k, W*k)}
     */
    public static NDArray apply(NDArray x, NDArray w, NDArray b, int k) {
        Shape in = x.getShape();
        long n = in.get(0);
        long cin = in.get(1);
        long h = in.get(2);
        long wd = in.get(3);
        long cout = w.getShape().get(1);
        // Arrays derived from the weights must live with the batch: attached to the weights' manager
        // they (and the autograd graph they hold) would outlive it, batch after batch.
        NDManager batch = x.getManager();
        NDArray flat = w.reshape(cin, cout * k * k);
        flat.attach(batch);
        NDArray asConv = flat.transpose().reshape(cout * k * k, cin, 1, 1);
        NDArray bias = b.reshape(1, cout, 1, 1);
        bias.attach(batch);
        NDArray sub = x.getNDArrayInternal()
                .convolution(x, asConv, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow();
        NDArray out = sub.reshape(n, cout, k, k, h, wd)
                .transpose(0, 1, 4, 2, 5, 3)
                .reshape(n, cout, h * k, wd * k);
        return out.add(bias);
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

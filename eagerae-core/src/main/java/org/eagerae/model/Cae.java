package org.eagerae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A convolutional autoencoder built from a {@link CaeSpec}: an encoder block and a decoder block
 * that can be used apart, with parameters initialised from a seed of its own
 * ({@link Initialisation#pytorchDefault}), so that a member's weights depend on its seed alone.
 */
public final class Cae implements AutoCloseable {

    private final CaeSpec spec;
    private final NDManager manager;
    private final SequentialBlock encoder;
    private final SequentialBlock decoder;
    private final SequentialBlock autoencoder;
    private final ParameterStore store;

    private Cae(CaeSpec spec, NDManager parent) {
        this.spec = spec;
        this.manager = parent.newSubManager();
        this.encoder = buildEncoder(spec);
        this.decoder = buildDecoder(spec);
        this.autoencoder = new SequentialBlock().add(encoder).add(decoder);
        this.store = new ParameterStore(manager, false);
        autoencoder.initialize(manager, DataType.FLOAT32, new Shape(1, spec.channels(), spec.height(), spec.width()));
    }

    /**
     * Builds a CAE and initialises its weights from {@code seed}.
     *
     * @param spec   the architecture
     * @param parent manager that will own the parameters (a sub-manager is used)
     * @param seed   the seed of the initial weights
     */
    public static Cae create(CaeSpec spec, NDManager parent, long seed) {
        Cae cae = new Cae(spec, parent);
        cae.initialiseWeights(seed);
        return cae;
    }

    /**
     * The images in channels-last memory ({@link ChannelsLast}), then convolution, max-pooling, ReLU
     * per stage. ReLU after the pooling gives exactly the values and gradients of ReLU before it
     * (both are monotone; the maximum of the pre-activations is the maximum of the activations), on
     * a quarter of the elements. Images whose sides the pooling does not divide are first padded
     * with zeros ({@link CaeSpec#padded()}).
     */
    private static SequentialBlock buildEncoder(CaeSpec spec) {
        SequentialBlock block = new SequentialBlock();
        if (spec.padded()) {
            block.add(LambdaBlock.singleton(x -> padded(x, spec), "zeroPad"));
        }
        block.add(LambdaBlock.singleton(ChannelsLast::of, "channelsLast"));
        int pad = spec.kernel() / 2;
        for (int filters : spec.filters()) {
            block.add(Conv2d.builder()
                            .setKernelShape(new Shape(spec.kernel(), spec.kernel()))
                            .optPadding(new Shape(pad, pad))
                            .setFilters(filters)
                            .build())
                    .add(Pool.maxPool2dBlock(new Shape(spec.pool(), spec.pool()), new Shape(spec.pool(), spec.pool())))
                    .add(Activation.reluBlock());
        }
        return block;
    }

    private static SequentialBlock buildDecoder(CaeSpec spec) {
        SequentialBlock block = new SequentialBlock();
        for (int stage = spec.stages() - 1; stage >= 0; stage--) {
            boolean last = stage == 0;
            int out = last ? spec.channels() : spec.filters().get(stage - 1);
            block.add(new TransposedConv2d(out, spec.pool()));
            block.add(last ? Activation.sigmoidBlock() : Activation.reluBlock());
        }
        if (spec.padded()) {
            block.add(LambdaBlock.singleton(y -> y.get(new NDIndex(":, :, :{}, :{}", spec.height(), spec.width())), "crop"));
        }
        return block;
    }

    /** Images {@code (N, C, height, width)} with zero rows below and zero columns to the right, to the padded size. */
    static NDArray padded(NDArray x, CaeSpec spec) {
        Shape s = x.getShape();
        NDArray out = x;
        int right = spec.paddedWidth() - spec.width();
        if (right > 0) {
            out = out.concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), s.get(2), right), x.getDataType()), 3);
        }
        int below = spec.paddedHeight() - spec.height();
        if (below > 0) {
            out = out.concat(x.getManager().zeros(new Shape(s.get(0), s.get(1), below, spec.paddedWidth()), x.getDataType()), 2);
        }
        return out;
    }

    private void initialiseWeights(long seed) {
        Initialisation.pytorchDefault(parameters(), seed);
    }

    /** The architecture. */
    public CaeSpec spec() {
        return spec;
    }

    /** The encoder block alone: images to {@code (N, C_last, h, w)} activations. */
    public SequentialBlock encoder() {
        return encoder;
    }

    /** The decoder block alone. */
    public SequentialBlock decoder() {
        return decoder;
    }

    /** Trainable parameters in a fixed order (encoder first), the order checkpoints use. */
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>();
        autoencoder.getParameters().forEach(pair -> list.add(pair.getValue()));
        return list;
    }

    /** Reconstructs a batch {@code (N, C, H, W)}; with {@code training} the graph is recorded. */
    public NDArray reconstruct(NDArray images, boolean training) {
        return autoencoder.forward(store, new NDList(images), training).singletonOrThrow();
    }

    /** Encoder activations of a batch as maps, {@code (N, C_last, h, w)}. */
    public NDArray encodeMaps(NDArray images) {
        return encoder.forward(store, new NDList(images), false).singletonOrThrow();
    }

    /** Reconstructions {@code (N, C, H, W)} of encoder activations as {@link #encodeMaps} gives them; {@code decode(encodeMaps(x))} is {@code reconstruct(x, false)}. */
    public NDArray decode(NDArray maps) {
        return decoder.forward(store, new NDList(maps), false).singletonOrThrow();
    }

    /** Encoder activations of a batch, flattened to {@code (N, latentSize)}. */
    public NDArray encode(NDArray images) {
        NDArray code = encoder.forward(store, new NDList(images), false).singletonOrThrow();
        return code.reshape(code.getShape().get(0), -1);
    }

    /** The parameter store the blocks read their weights from. */
    public ParameterStore store() {
        return store;
    }

    /** The manager that owns the weights. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}

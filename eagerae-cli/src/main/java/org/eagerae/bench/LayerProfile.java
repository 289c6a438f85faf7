package org.eagerae.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import org.eagerae.model.Cae;
import org.eagerae.model.TransposedConv2d;
import org.eagerae.train.Adam;

/**
 * Where one training step goes, layer by layer: each layer's forward pass, its backward pass to its
 * inputs and its backward pass to its weights, each timed alone on the activations of a real
 * batch, with the achieved GFLOP/s of the (transposed) convolutions; then the loss, the optimiser
 * and a whole step for comparison with the sum of the parts.
 *
 * <p>Measured on one engine thread, the setting of each worker process, by the CPU time of the
 * calling thread (with one thread the engine runs every kernel on it): other processes on a shared
 * machine delay the measurement less than they would a wall clock. Each figure is the median over
 * the repeats, taken in turn so that drift hits every layer alike.
 *
 * @param layers    the model's layers in order, then the loss
 * @param optimiser one Adam update, milliseconds
 * @param step      one whole training step (forward, loss, backward, Adam), milliseconds
 * @param gemmPeak  GFLOP/s of a 1024 x 1024 matrix product on the same thread by the same clock
 */
public record LayerProfile(List<Layer> layers, double optimiser, double step, double gemmPeak) {

    /** A pass that does not apply to a layer (no weights, or an input that needs no gradient). */
    public static final double NOT_APPLICABLE = Double.NaN;

    /**
     * One layer's passes in milliseconds ({@link #NOT_APPLICABLE} where a pass does not apply).
     *
     * @param name              what the layer is
     * @param output            its output shape
     * @param flops             floating-point operations of its forward pass (0 for layers without
     *                          weights); each backward pass does as many
     * @param forward           forward pass with the graph recorded
     * @param backwardToInputs  the gradient with respect to its input
     * @param backwardToWeights the gradients with respect to its weights and bias
     */
    public record Layer(String name, Shape output, long flops, double forward, double backwardToInputs,
            double backwardToWeights) {

        /** Milliseconds of all its passes. */
        public double total() {
            return Arrays.stream(new double[] {forward, backwardToInputs, backwardToWeights})
                    .filter(Double::isFinite).sum();
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Profiles a model on one batch. The engine runs on one thread meanwhile (its thread count is
     * restored afterwards); the model's weights are left as they were, only their gradients change.
     *
     * @param cae     the model
     * @param images  a batch {@code (N, C, H, W)}
     * @param repeats how many times each pass is timed
     */
    public static LayerProfile measure(Cae cae, NDArray images, int repeats) {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
        }
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try (NDManager scratch = cae.manager().newSubManager()) {
            NDArray batch = images.duplicate();
            batch.attach(scratch);
            return new Measurement(cae, scratch, batch, repeats).run();
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    /** Milliseconds of CPU time the calling thread spends in {@code work}. */
    private static double cpuMillis(Runnable work) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        work.run();
        return (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
    }

    /** One profiling session: the layers, the activations flowing into them and the timings. */
    private static final class Measurement {
        private final Cae cae;
        private final NDManager scratch;
        private final NDArray images;
        private final int repeats;
        private final List<Block> blocks = new ArrayList<>();
        /** Input of each layer, then the reconstruction; detached, in the memory format the model gives them. */
        private final List<NDArray> activations = new ArrayList<>();

        Measurement(Cae cae, NDManager scratch, NDArray images, int repeats) {
            this.cae = cae;
            this.scratch = scratch;
            this.images = images;
            this.repeats = repeats;
            blocks.addAll(cae.encoder().getChildren().values());
            blocks.addAll(cae.decoder().getChildren().values());
            NDArray a = images;
            for (Block b : blocks) {
                activations.add(a);
                a = forward(b, a, false).stopGradient();
                a.attach(scratch);
            }
            activations.add(a);
        }

        LayerProfile run() {
            int n = blocks.size();
            // [layer][pass][repeat]; the loss is layer n
            double[][][] t = new double[n + 1][3][repeats];
            double[] optimiser = new double[repeats];
            double[] step = new double[repeats];
            Adam adam = new Adam(cae.parameters(), scratch, 0f); // step size 0: the weights stay as they are
            for (int r = 0; r < repeats; r++) {
                for (int i = 0; i < n; i++) {
                    Block b = blocks.get(i);
                    NDArray in = activations.get(i);
                    NDArray out = activations.get(i + 1);
                    boolean inputGrad = inputNeedsGradient(i);
                    boolean weights = !b.getParameters().isEmpty();
                    t[i][0][r] = forwardMillis(b, in, inputGrad);
                    t[i][1][r] = inputGrad ? backwardMillis(b, in, out, true) : NOT_APPLICABLE;
                    t[i][2][r] = weights ? backwardMillis(b, in, out, false) : NOT_APPLICABLE;
                }
                double[] loss = lossMillis(activations.get(n));
                t[n][0][r] = loss[0];
                t[n][1][r] = loss[1];
                t[n][2][r] = NOT_APPLICABLE;
                step[r] = cpuMillis(() -> step(adam));
                optimiser[r] = cpuMillis(adam::step);
            }
            List<Layer> layers = new ArrayList<>();
            for (int i = 0; i <= n; i++) {
                boolean loss = i == n;
                Shape output = loss ? new Shape() : activations.get(i + 1).getShape();
                long flops = loss ? 0 : flops(blocks.get(i), activations.get(i).getShape(), output);
                layers.add(new Layer(loss ? "loss (mean squared error)" : describe(blocks.get(i)), output, flops,
                        median(t[i][0]), median(t[i][1]), median(t[i][2])));
            }
            return new LayerProfile(layers, median(optimiser), median(step),
                    GemmPeak.gflops(1024, repeats, THREADS::getCurrentThreadCpuTime));
        }

        /** Whether the gradient reaches a layer's input: only past the first layer with weights. */
        private boolean inputNeedsGradient(int layer) {
            return blocks.subList(0, layer).stream().anyMatch(b -> !b.getParameters().isEmpty());
        }

        private double forwardMillis(Block b, NDArray input, boolean inputGrad) {
            try (NDManager m = scratch.newSubManager()) {
                NDArray x = leaf(input, m, inputGrad);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    return cpuMillis(() -> forward(b, x, true));
                }
            }
        }

        /** The backward pass of a layer alone, with its output's own values as the incoming gradient. */
        private double backwardMillis(Block b, NDArray input, NDArray gradient, boolean toInputs) {
            List<NDArray> weights = b.getParameters().values().stream().map(Parameter::getArray).toList();
            weights.forEach(w -> w.setRequiresGradient(!toInputs));
            try (NDManager m = scratch.newSubManager()) {
                NDArray x = leaf(input, m, toInputs);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray y = forward(b, x, true);
                    return cpuMillis(() -> JniUtils.backward((PtNDArray) y, (PtNDArray) gradient, false, false));
                }
            } finally {
                weights.forEach(w -> w.setRequiresGradient(true));
            }
        }

        /** Forward and backward milliseconds of the loss, as the trainer computes it. */
        private double[] lossMillis(NDArray reconstruction) {
            try (NDManager m = scratch.newSubManager()) {
                NDArray y = leaf(reconstruction, m, true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray[] loss = new NDArray[1];
                    double forward = cpuMillis(() -> loss[0] = meanSquaredError(y, images));
                    double backward = cpuMillis(() -> collector.backward(loss[0]));
                    return new double[] {forward, backward};
                }
            }
        }

        private void step(Adam adam) {
            try (NDManager m = scratch.newSubManager()) {
                NDArray x = images.duplicate();
                x.attach(m);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = meanSquaredError(cae.reconstruct(x, true), x);
                    collector.backward(loss);
                    loss.getFloat();
                }
                adam.step();
            }
        }

        private NDArray forward(Block b, NDArray x, boolean training) {
            return b.forward(cae.store(), new NDList(x), training).singletonOrThrow();
        }

        /** A fresh leaf copy of an activation (same memory format), so that no gradient accumulates across repeats. */
        private static NDArray leaf(NDArray activation, NDManager manager, boolean requiresGradient) {
            NDArray x = activation.duplicate();
            x.attach(manager);
            x.setRequiresGradient(requiresGradient);
            return x;
        }
    }

    /** The trainer's loss: the mean over pixels of the squared reconstruction error. */
    static NDArray meanSquaredError(NDArray reconstruction, NDArray images) {
        return reconstruction.sub(images).square().mean();
    }

    /** Forward FLOPs of a layer (multiply and add counted apart); 0 for layers without weights. */
    static long flops(Block b, Shape input, Shape output) {
        long weights = b.getParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.WEIGHT)
                .mapToLong(p -> p.getArray().size()).sum();
        if (b instanceof Convolution) {
            return 2 * weights * output.get(0) * output.get(2) * output.get(3);
        }
        if (b instanceof TransposedConv2d) {
            return 2 * weights * input.get(0) * input.get(2) * input.get(3);
        }
        return 0;
    }

    private static String describe(Block b) {
        if (b instanceof Convolution c) {
            long in = c.getParameters().get("weight").getArray().getShape().get(1);
            return String.format(Locale.ROOT, "conv %d->%d %dx%d", in, c.getFilters(), c.getKernelShape().get(0),
                    c.getKernelShape().get(1));
        }
        if (b instanceof TransposedConv2d t) {
            long in = t.getParameters().get("weight").getArray().getShape().get(0);
            return String.format(Locale.ROOT, "transposed conv %d->%d %dx%d", in, t.outChannels(), t.kernel(), t.kernel());
        }
        return b instanceof LambdaBlock l ? l.getName() : b.getClass().getSimpleName();
    }

    /** Milliseconds of the layers' passes, the loss included. */
    public double layersTotal() {
        return layers.stream().mapToDouble(Layer::total).sum();
    }

    /**
     * A Markdown table: per layer its output shape, then milliseconds and GFLOP/s of each pass and
     * the layer's total; then the optimiser and the sum; below it, one whole step against the
     * GEMM peak.
     */
    public String table() {
        StringBuilder s = new StringBuilder("| layer | output | forward ms | GFLOP/s | backward to inputs ms | GFLOP/s"
                + " | backward to weights ms | GFLOP/s | total ms | share |\n|---|---|---|---|---|---|---|---|---|---|\n");
        double total = layersTotal() + optimiser;
        for (Layer l : layers) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f%% |%n", l.name(),
                    l.output().isScalar() ? "()" : l.output(), ms(l.forward()), gflops(l.flops(), l.forward()),
                    ms(l.backwardToInputs()), gflops(l.flops(), l.backwardToInputs()), ms(l.backwardToWeights()),
                    gflops(l.flops(), l.backwardToWeights()), ms(l.total()), 100 * l.total() / total));
        }
        s.append(String.format(Locale.ROOT, "| optimiser (Adam) | | | | | | | | %s | %.0f%% |%n", ms(optimiser),
                100 * optimiser / total));
        double flops = 3.0 * layers.stream().mapToLong(Layer::flops).sum();
        s.append(String.format(Locale.ROOT, "| **sum** | | | | | | | | **%s** | 100%% |%n", ms(total)));
        s.append(String.format(Locale.ROOT, "%nOne whole step (forward, loss, backward, Adam): %s ms, %s GFLOP/s (training FLOPs counted"
                + " as 3 x forward), %.0f%% of the GEMM peak on this thread by the same clock (%.1f GFLOP/s).%n"
                + "One engine thread, CPU time of the thread, median of the repeats.%n", ms(step), gflopsText(flops, step),
                100 * flops / step / 1e6 / gemmPeak, gemmPeak));
        return s.toString();
    }

    private static String ms(double millis) {
        return Double.isFinite(millis) ? String.format(Locale.ROOT, "%.2f", millis) : "-";
    }

    private static String gflops(long flops, double millis) {
        return flops == 0 || !Double.isFinite(millis) ? "-" : gflopsText(flops, millis);
    }

    private static String gflopsText(double flops, double millis) {
        return String.format(Locale.ROOT, "%.1f", flops / millis / 1e6);
    }
}

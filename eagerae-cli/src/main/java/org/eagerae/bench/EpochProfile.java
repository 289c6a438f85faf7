package org.eagerae.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Locale;
import org.eagerae.data.ImageDataset;
import org.eagerae.data.Splits;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.Adam;
import org.eagerae.train.MemberTrainer;

/**
 * Where the time of a training epoch goes: building batches, forward, loss, backward and the
 * optimiser, measured with the engine's synchronous CPU calls, plus the per-call cost of a trivial
 * engine call (the JNI overhead) times the calls a batch makes.
 *
 * @param batchSeconds    building batch arrays from Java memory
 * @param forwardSeconds  the autoencoder's forward pass with the graph recorded
 * @param lossSeconds     the loss and reading it back
 * @param backwardSeconds back-propagation
 * @param optimiserSeconds Adam updates
 * @param totalSeconds    the whole epoch
 * @param jniCallMicros   microseconds of one trivial engine call
 * @param callsPerBatch   engine calls one batch makes (counted from the model's layers)
 * @param batches         batches in the epoch
 */
public record EpochProfile(double batchSeconds, double forwardSeconds, double lossSeconds, double backwardSeconds,
        double optimiserSeconds, double totalSeconds, double jniCallMicros, int callsPerBatch, int batches) {

    /** Estimated seconds of the epoch spent crossing into the engine. */
    public double jniSeconds() {
        return jniCallMicros * 1e-6 * callsPerBatch * batches;
    }

    /** Profiles the second of two epochs (the first warms up) of one member on {@code train}. */
    public static EpochProfile measure(CaeSpec spec, ImageDataset train, int batchSize) {
        try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 1)) {
            Adam adam = new Adam(cae.parameters(), cae.manager(), 1e-3f);
            EpochProfile last = null;
            for (int epoch = 1; epoch <= 2; epoch++) {
                last = epoch(cae, adam, train, batchSize, epoch);
            }
            return last;
        }
    }

    private static EpochProfile epoch(Cae cae, Adam adam, ImageDataset train, int batchSize, int epoch) {
        int[] order = Splits.permutation(train.size(), epoch);
        long batch = 0;
        long forward = 0;
        long loss = 0;
        long backward = 0;
        long optimiser = 0;
        int batches = 0;
        long start = System.nanoTime();
        for (int from = 0; from + batchSize <= order.length; from += batchSize, batches++) {
            try (NDManager scratch = cae.manager().newSubManager()) {
                long t0 = System.nanoTime();
                NDArray x = MemberTrainer.batch(scratch, train, order, from, batchSize);
                long t1 = System.nanoTime();
                long t2;
                long t3;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray y = cae.reconstruct(x, true);
                    t2 = System.nanoTime();
                    NDArray l = y.sub(x).square().mean();
                    l.getFloat();
                    t3 = System.nanoTime();
                    collector.backward(l);
                }
                long t4 = System.nanoTime();
                adam.step();
                long t5 = System.nanoTime();
                batch += t1 - t0;
                forward += t2 - t1;
                loss += t3 - t2;
                backward += t4 - t3;
                optimiser += t5 - t4;
            }
        }
        double total = (System.nanoTime() - start) / 1e9;
        int layers = cae.encoder().getChildren().size() + cae.decoder().getChildren().size();
        // forward: ~2 calls per layer (+3 per transposed convolution); loss: 4; backward: 2; Adam: 3 per parameter
        int calls = 2 * layers + 3 * cae.spec().stages() + 4 + 2 + 3 * cae.parameters().size() + 1;
        return new EpochProfile(batch / 1e9, forward / 1e9, loss / 1e9, backward / 1e9, optimiser / 1e9, total,
                jniCallMicros(cae.manager()), calls, batches);
    }

    private static double jniCallMicros(NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray one = scratch.create(new float[] {1f}, new Shape(1));
            int n = 20_000;
            for (int i = 0; i < 2_000; i++) {
                one.addi(0f);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                one.addi(0f);
            }
            return (System.nanoTime() - t0) / 1e3 / n;
        }
    }

    /** A Markdown table of the phases with their share of the epoch. */
    public String table() {
        StringBuilder s = new StringBuilder("| phase | seconds | share |\n|---|---|---|\n");
        row(s, "batch arrays from Java memory", batchSeconds);
        row(s, "forward (graph recorded)", forwardSeconds);
        row(s, "loss", lossSeconds);
        row(s, "backward", backwardSeconds);
        row(s, "optimiser (Adam)", optimiserSeconds);
        row(s, String.format(Locale.ROOT, "of which JNI calls (est. %d/batch x %.1f us)", callsPerBatch, jniCallMicros), jniSeconds());
        row(s, "epoch total", totalSeconds);
        return s.toString();
    }

    private void row(StringBuilder s, String name, double seconds) {
        s.append(String.format(Locale.ROOT, "| %s | %.3f | %.0f%% |%n", name, seconds, 100 * seconds / totalSeconds));
    }
}

package org.eagerae.predict;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eagerae.classify.EncoderFeatures;
import org.eagerae.data.ImageSource;
import org.eagerae.models.SavedModel;

/**
 * Images per second of a saved model on a source, in three ways measured alternately in one run:
 * reading and decoding alone, the model alone on decoded batches, and {@code predict} end to end
 * (read, decode, predict, format CSV, write to nowhere).
 */
public final class PredictBenchmark {

    /** The stages measured, in the order they run in each round. */
    public static final List<String> STAGES = List.of("read and decode", "model", "end to end");

    /**
     * Images per second of each stage in each round.
     *
     * @param images the source's size
     * @param rates  one list per stage ({@link #STAGES} order), one rate per round
     */
    public record Result(int images, List<List<Double>> rates) {
        /** The median rate of a stage. */
        public double median(int stage) {
            double[] s = rates.get(stage).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
        }

        /** A Markdown table of the medians and every round. */
        public String table() {
            StringBuilder out = new StringBuilder("| stage | images/s (median) | rounds |\n|---|---|---|\n");
            for (int s = 0; s < STAGES.size(); s++) {
                out.append(String.format(Locale.ROOT, "| %s | %.0f | %s |%n", STAGES.get(s), median(s),
                        rates.get(s).stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList()));
            }
            return out.toString();
        }
    }

    private final SavedModel model;
    private final ImageSource source;

    public PredictBenchmark(SavedModel model, ImageSource source) {
        this.model = model;
        this.source = source;
    }

    /** Warms up on one batch, then measures {@code rounds} rounds. */
    public Result run(int rounds) throws IOException {
        model.predict(source.read(0, Math.min(EncoderFeatures.BATCH, source.size())));
        List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        PredictionTable table = new PredictionTable(OutputFormat.CSV, model.manifest().classes(), 0);
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            List<float[]> batches = new ArrayList<>();
            for (int from = 0; from < source.size(); from += EncoderFeatures.BATCH) {
                batches.add(source.read(from, Math.min(EncoderFeatures.BATCH, source.size() - from)));
            }
            rates.get(0).add(rate(t0));
            long t1 = System.nanoTime();
            for (float[] batch : batches) {
                model.predict(batch);
            }
            rates.get(1).add(rate(t1));
            long t2 = System.nanoTime();
            BatchPrediction.run(model, source, table, OutputStream.nullOutputStream(), Progress.NONE);
            rates.get(2).add(rate(t2));
        }
        return new Result(source.size(), rates);
    }

    private double rate(long start) {
        return source.size() / ((System.nanoTime() - start) / 1e9);
    }
}

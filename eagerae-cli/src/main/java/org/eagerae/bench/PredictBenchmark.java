package org.eagerae.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eagerae.classify.EncoderFeatures;
import org.eagerae.data.ImageSource;
import org.eagerae.models.SavedModel;
import org.eagerae.predict.BatchPrediction;
import org.eagerae.predict.OutputFormat;
import org.eagerae.predict.PredictionTable;
import org.eagerae.predict.Progress;

/**
 * Images per second of a saved model on a source, in three ways measured alternately in one run:
 * reading and decoding alone, the model alone on decoded batches, and {@code predict} end to end
 * (read, decode, predict, format CSV, write to nowhere). Besides wall-clock rates it counts images
 * per CPU-second of the process (all its threads), which a busy machine disturbs less: on an idle
 * machine with C cores, C times that rate bounds the wall-clock rate.
 */
public final class PredictBenchmark {

    /** The stages measured, in the order they run in each round. */
    public static final List<String> STAGES = List.of("read and decode", "model", "end to end");

    /**
     * Images per second of each stage in each round.
     *
     * @param images   the source's size
     * @param rates    images per wall-clock second, one list per stage ({@link #STAGES} order), one rate per round
     * @param cpuRates images per CPU-second of the process, likewise
     */
    public record Result(int images, List<List<Double>> rates, List<List<Double>> cpuRates) {
        /** A Markdown table of the medians and every round. */
        public String table() {
            StringBuilder out = new StringBuilder("| stage | images/s (median) | rounds | images per CPU-second (median) |\n|---|---|---|---|\n");
            for (int s = 0; s < STAGES.size(); s++) {
                out.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %.0f |%n", STAGES.get(s), median(rates.get(s)),
                        rates.get(s).stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList(), median(cpuRates.get(s))));
            }
            return out.toString();
        }

        /** The median of some rates. */
        public static double median(List<Double> values) {
            double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
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
        List<List<Double>> cpuRates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        PredictionTable table = new PredictionTable(OutputFormat.CSV, model.manifest().classes(), 0);
        List<float[]> batches = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            batches.clear();
            time(rates.get(0), cpuRates.get(0), () -> {
                for (int from = 0; from < source.size(); from += EncoderFeatures.BATCH) {
                    batches.add(source.read(from, Math.min(EncoderFeatures.BATCH, source.size() - from)));
                }
            });
            time(rates.get(1), cpuRates.get(1), () -> batches.forEach(model::predict));
            time(rates.get(2), cpuRates.get(2), () -> BatchPrediction.run(model, source, table, OutputStream.nullOutputStream(), Progress.NONE));
        }
        return new Result(source.size(), rates, cpuRates);
    }

    /** Something timed. */
    @FunctionalInterface
    private interface Work {
        void run() throws IOException;
    }

    private void time(List<Double> rates, List<Double> cpuRates, Work work) throws IOException {
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        work.run();
        rates.add(source.size() / ((System.nanoTime() - start) / 1e9));
        cpuRates.add(source.size() / ((processCpuNanos() - cpu) / 1e9));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}

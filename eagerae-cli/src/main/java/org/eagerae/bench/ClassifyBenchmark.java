package org.eagerae.bench;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eagerae.classify.Classification;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.EncoderFeatures;
import org.eagerae.classify.FeatureStore;
import org.eagerae.classify.Method;
import org.eagerae.data.DataSplit;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import org.eagerae.model.CaeSpec;

/**
 * Where {@code classify --method all} spends its time on a run's checkpoints, measured in one run:
 * feature extraction against the GEMM peak (FLOPs from the {@link CaeSpec}), and (optionally) the
 * classifiers trained side by side against one at a time (the same numbers either way).
 *
 * @param members          members classified
 * @param images           images of the three splits and the unsupervised images, each through every encoder
 * @param gflopPerPass     GFLOP of extracting every member's features once
 * @param gemmPeak         GFLOP/s of a 1024 x 1024 product through the engine, measured here
 * @param featureSeconds   the fastest of the timed feature extractions (every member, every split)
 * @param sideBySide       seconds of the classifiers, side by side on {@code threads} threads (0: not measured)
 * @param oneAtATime       seconds of the classifiers, one at a time (0: not measured)
 * @param threads          classifiers side by side
 * @param sameAccuracies   whether both ways gave the same accuracy for every method and member
 * @param results          the results of the side-by-side run (empty: not measured)
 */
public record ClassifyBenchmark(int members, long images, double gflopPerPass, double gemmPeak, double featureSeconds,
        double sideBySide, double oneAtATime, int threads, boolean sameAccuracies, List<ClassificationResult> results) {

    /** Feature extractions timed; the fastest counts. */
    private static final int FEATURE_REPEATS = 2;

    /**
     * Measures classification of {@code run}'s checkpoints after {@code epoch}: feature extraction, and
     * with {@code classifiers} the classifiers side by side on {@code threads} threads and one at a time.
     */
    public static ClassifyBenchmark measure(RunDirectory run, int epoch, ClassifierOptions options, int threads, boolean classifiers) {
        CaeSpec spec = run.readManifest().spec().model();
        DataSplit data = run.readManifest().spec().loadClassifierData(); // what classify reads, unlabelled images included
        List<CheckpointChoice> choices = new CheckpointSelection.Epoch(epoch).choose(run);
        CheckpointChoice.requirePresent(choices);
        double peak = GemmPeak.gflops(1024, 10);
        double featureSeconds = Double.MAX_VALUE;
        for (int r = 0; r < FEATURE_REPEATS; r++) {
            try (FeatureStore store = FeatureStore.temporary()) {
                long t0 = System.nanoTime();
                for (CheckpointChoice c : choices) {
                    EncoderFeatures.extract(spec, c.checkpoint(), data, store);
                }
                featureSeconds = Math.min(featureSeconds, (System.nanoTime() - t0) / 1e9);
            }
        }
        long images = data.imagesEncoded();
        double gflop = choices.size() * images * (double) spec.encoderFlopsPerImage() / 1e9;
        if (!classifiers) {
            return new ClassifyBenchmark(choices.size(), images, gflop, peak, featureSeconds, 0, 0, threads, true, List.of());
        }
        Set<Method> all = Set.copyOf(Method.ON_ENCODERS);
        List<ClassificationResult> side = new Classification(spec, data, options, ClassifierListener.NONE, threads).evaluate(choices, all, new CheckpointSelection.Epoch(epoch));
        List<ClassificationResult> one = new Classification(spec, data, options, ClassifierListener.NONE, 1).evaluate(choices, all, new CheckpointSelection.Epoch(epoch));
        return new ClassifyBenchmark(choices.size(), images, gflop, peak, featureSeconds, classifierSeconds(side), classifierSeconds(one),
                threads, accuracies(side).equals(accuracies(one)), side);
    }

    private static double classifierSeconds(List<ClassificationResult> results) {
        return results.stream().mapToDouble(ClassificationResult::classifierSeconds).max().orElse(0);
    }

    private static List<List<Double>> accuracies(List<ClassificationResult> results) {
        return results.stream().map(r -> java.util.stream.Stream.concat(java.util.stream.Stream.of(r.accuracy()), r.memberAccuracies().stream())
                .toList()).toList();
    }

    /** The measurements as lines of text. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "GEMM peak through the engine (1024x1024 float32): %.1f GFLOP/s%n", gemmPeak));
        out.append(String.format(Locale.ROOT, "features: %d members x %d images, %.1f GFLOP in %.2f s = %.1f GFLOP/s, %.0f%% of the GEMM peak%n",
                members, images, gflopPerPass, featureSeconds, gflopPerPass / featureSeconds, 100 * gflopPerPass / featureSeconds / gemmPeak));
        if (results.isEmpty()) {
            return out.toString();
        }
        out.append(String.format(Locale.ROOT, "classifiers (%d per member and 1 stacked): side by side on %d threads %.2f s, one at a time %.2f s,"
                + " ratio %.2fx; same accuracies: %s%n", members, threads, sideBySide, oneAtATime, oneAtATime / sideBySide,
                sameAccuracies ? "yes" : "no"));
        for (ClassificationResult r : results) {
            out.append(String.format(Locale.ROOT, "  %-10s %.2f%%%s%n", r.method(), 100 * r.accuracy(), r.memberAccuracies().isEmpty() ? ""
                    : "  per member " + r.memberAccuracies().stream().map(a -> String.format(Locale.ROOT, "%.2f%%", 100 * a)).toList()));
        }
        return out.toString();
    }
}

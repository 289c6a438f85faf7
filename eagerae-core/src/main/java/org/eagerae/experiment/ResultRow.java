package org.eagerae.experiment;

import java.util.Locale;
import org.eagerae.classify.Diversity;
import org.eagerae.classify.Method;

/**
 * One classification result of the experiment: a row of {@code results.csv}.
 *
 * @param repeat            the repeat (1-based)
 * @param model             {@code monolithic}, {@code ensemble}, or {@code pixels} (no autoencoder: the classifier on raw pixels)
 * @param method            single (the monolithic encoder, or the mean of the members'), stacked, a vote, or raw-pixels
 * @param selection         how the ensemble's checkpoints were chosen
 * @param epoch             the members' epoch ({@link Selection#EPOCH}; 0: their initial weights, untrained, and for
 *                          {@code pixels} always 0), or the monolithic model's epoch whose time was matched (the other
 *                          selections)
 * @param trainSeconds      wall-clock seconds behind the result: of autoencoder training (by epoch, and the
 *                          matched budgets; 0 at epoch 0), or of training and classifiers ({@link Selection#WITH_CLASSIFIER})
 * @param accuracy          test accuracy in [0,1]
 * @param featureSeconds    seconds to compute encoder activations
 * @param classifierSeconds seconds to train the classifier(s)
 * @param diversity         for votes: the members' disagreement and what the vote made of it; otherwise null
 */
public record ResultRow(int repeat, String model, Method method, Selection selection, int epoch, double trainSeconds,
        double accuracy, double featureSeconds, double classifierSeconds, Diversity diversity) {

    /** The CSV header. */
    public static final String CSV_HEADER = "repeat,model,method,selection,epoch,train_seconds,accuracy,feature_seconds,classifier_seconds,"
            + "pairwise_disagreement,vote_only,gained_over_best,lost_to_best,test_images";

    private static final int FIELDS = 14;
    /** Rows written before the diversity columns existed. */
    private static final int OLD_FIELDS = 9;

    /** The key of a result without its numbers, for finding work already done. */
    public static String key(int repeat, String model, Method method, Selection selection, int epoch) {
        return repeat + "/" + model + "/" + method.label() + "/" + selection.token() + "/" + epoch;
    }

    /** The key that identifies this result, for skipping work already done on resume. */
    public String key() {
        return key(repeat, model, method, selection, epoch);
    }

    /** Seconds the classifier stage took: features and classifiers. */
    public double classifyingSeconds() {
        return featureSeconds + classifierSeconds;
    }

    /** This row as CSV. */
    public String toCsv() {
        String d = diversity == null ? ",,,," : String.format(Locale.ROOT, "%.6f,%d,%d,%d,%d", diversity.pairwiseDisagreement(),
                diversity.voteOnly(), diversity.gainedOverBest(), diversity.lostToBest(), diversity.images());
        return String.format(Locale.ROOT, "%d,%s,%s,%s,%d,%.3f,%.6f,%.3f,%.3f,", repeat, model, method.label(), selection.token(), epoch,
                trainSeconds, accuracy, featureSeconds, classifierSeconds) + d;
    }

    /** Parses a CSV row (also one written before the diversity columns existed). */
    public static ResultRow fromCsv(String line) {
        String[] f = line.split(",", -1);
        if (f.length != FIELDS && f.length != OLD_FIELDS) {
            throw new IllegalArgumentException("results row needs " + FIELDS + " fields, got " + f.length + ": " + line);
        }
        Diversity diversity = f.length == FIELDS && !f[9].isEmpty()
                ? new Diversity(Double.parseDouble(f[9]), Integer.parseInt(f[10]), Integer.parseInt(f[11]), Integer.parseInt(f[12]),
                        Integer.parseInt(f[13]))
                : null;
        return new ResultRow(Integer.parseInt(f[0]), f[1], Method.of(f[2]), Selection.ofToken(f[3]), Integer.parseInt(f[4]),
                Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), diversity);
    }
}

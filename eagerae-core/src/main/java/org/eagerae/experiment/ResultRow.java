package org.eagerae.experiment;

import java.util.Locale;

/**
 * One classification result of the experiment: a row of {@code results.csv}.
 *
 * @param repeat            the repeat (1-based)
 * @param model             {@code monolithic} or {@code ensemble}
 * @param method            {@code single} (the monolithic encoder, or the mean of the members'),
 *                          {@code best-single}, {@code stacked}, {@code soft-vote} or {@code hard-vote}
 * @param selection         {@code epoch} (every member at that epoch) or {@code budget} (members' checkpoints
 *                          chosen to fit the monolithic model's time at that epoch)
 * @param epoch             the monolithic model's epoch (budget) or the members' epoch
 * @param trainSeconds      wall-clock seconds of autoencoder training behind the result
 * @param accuracy          test accuracy in [0,1]
 * @param featureSeconds    seconds to compute encoder activations
 * @param classifierSeconds seconds to train the classifier(s)
 */
public record ResultRow(int repeat, String model, String method, String selection, int epoch, double trainSeconds,
        double accuracy, double featureSeconds, double classifierSeconds) {

    /** The CSV header. */
    public static final String CSV_HEADER = "repeat,model,method,selection,epoch,train_seconds,accuracy,feature_seconds,classifier_seconds";

    /** This row as CSV. */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%s,%s,%s,%d,%.3f,%.6f,%.3f,%.3f", repeat, model, method, selection, epoch,
                trainSeconds, accuracy, featureSeconds, classifierSeconds);
    }

    /** Parses a CSV row. */
    public static ResultRow fromCsv(String line) {
        String[] f = line.split(",");
        if (f.length != 9) {
            throw new IllegalArgumentException("results row needs 9 fields, got " + f.length + ": " + line);
        }
        return new ResultRow(Integer.parseInt(f[0]), f[1], f[2], f[3], Integer.parseInt(f[4]), Double.parseDouble(f[5]),
                Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]));
    }

    /** The key that identifies a result, for skipping work already done on resume. */
    public String key() {
        return repeat + "/" + model + "/" + method + "/" + selection + "/" + epoch;
    }
}

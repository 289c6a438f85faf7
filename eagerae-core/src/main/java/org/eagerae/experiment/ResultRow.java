package org.eagerae.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * @param balancedAccuracy  test balanced accuracy in [0,1], the mean of the per-class accuracies; NaN in rows written before
 *                          it was recorded
 * @param labelsPerClass    the label budget per class the classifiers had ({@link ExperimentConfig#labelsPerClass}): labelled
 *                          training images per class, or 0 (every label, as in rows written before budgets existed, or a
 *                          budget in all)
 * @param labelsSha256      the labelled images the classifiers saw ({@link org.eagerae.classify.LabelledImages#sha256}); empty
 *                          in rows written before it was recorded
 * @param unsupervisedImages how many images the classifiers' standardisation, principal components and label spreading
 *                          were fitted on ({@link org.eagerae.classify.ClassificationResult#unsupervisedImages}); null for
 *                          fine-tuning and in rows written before it was recorded
 * @param labelsInAll       the label budget in all the classifiers had ({@link ExperimentConfig#labelsInAll}), or 0 (every
 *                          label, a budget per class, or a row written before budgets in all existed)
 */
public record ResultRow(int repeat, String model, Method method, Selection selection, int epoch, double trainSeconds,
        double accuracy, double featureSeconds, double classifierSeconds, Diversity diversity, double balancedAccuracy,
        int labelsPerClass, String labelsSha256, Integer unsupervisedImages, int labelsInAll) {

    /** The CSV header. */
    public static final String CSV_HEADER = "repeat,model,method,selection,epoch,train_seconds,accuracy,feature_seconds,classifier_seconds,"
            + "pairwise_disagreement,vote_only,gained_over_best,lost_to_best,test_images,balanced_accuracy,labels_per_class,labels_sha256,"
            + "unsupervised_images,labels_in_all";

    private static final int FIELDS = 19;
    /** Rows written before budgets in all existed. */
    private static final int UNSUPERVISED_FIELDS = 18;
    /** Rows written before the unsupervised images were counted. */
    private static final int BUDGET_FIELDS = 17;
    /** Rows written before balanced accuracy and label budgets existed. */
    private static final int DIVERSITY_FIELDS = 14;
    /** Rows written before the diversity columns existed. */
    private static final int OLD_FIELDS = 9;

    public ResultRow {
        labelsSha256 = labelsSha256 == null ? "" : labelsSha256;
        if (labelsPerClass > 0 && labelsInAll > 0) {
            throw new IllegalArgumentException("a result has one label budget, per class or in all; got " + labelsPerClass + " and "
                    + labelsInAll);
        }
    }

    /** A row with every label, whose balanced accuracy and labelled images are not known (as in rows written before they were). */
    public ResultRow(int repeat, String model, Method method, Selection selection, int epoch, double trainSeconds, double accuracy,
            double featureSeconds, double classifierSeconds, Diversity diversity) {
        this(repeat, model, method, selection, epoch, trainSeconds, accuracy, featureSeconds, classifierSeconds, diversity, Double.NaN, 0, "", null, 0);
    }

    /** The key of a result with every label, without its numbers, for finding work already done. */
    public static String key(int repeat, String model, Method method, Selection selection, int epoch) {
        return key(repeat, model, method, selection, epoch, LabelAmount.EVERY_LABEL);
    }

    /** The key of a result without its numbers; a label budget's results are apart from those with every label. */
    public static String key(int repeat, String model, Method method, Selection selection, int epoch, LabelAmount budget) {
        return repeat + "/" + model + "/" + method.label() + "/" + selection.token() + "/" + epoch + budget.keySuffix();
    }

    /** The key that identifies this result, for skipping work already done on resume. */
    public String key() {
        return key(repeat, model, method, selection, epoch, budget());
    }

    /** The labels the classifiers had: a budget per class, a budget in all, or every label. */
    public LabelAmount budget() {
        return labelsInAll > 0 ? LabelAmount.inAll(labelsInAll) : LabelAmount.perClass(labelsPerClass);
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
                trainSeconds, accuracy, featureSeconds, classifierSeconds) + d
                + String.format(Locale.ROOT, ",%s,%d,%s", Double.isNaN(balancedAccuracy) ? "" : String.format(Locale.ROOT, "%.6f",
                        balancedAccuracy), labelsPerClass, labelsSha256)
                + "," + (unsupervisedImages == null ? "" : unsupervisedImages) + "," + labelsInAll;
    }

    /** The rows of a results file (its header and blank lines skipped; rows of any width {@link #fromCsv} reads). */
    public static List<ResultRow> readAll(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank() && !line.startsWith("repeat,"))
                    .map(ResultRow::fromCsv).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** This row as the repeat {@code number} (for putting the repeats of several experiments together). */
    public ResultRow withRepeat(int number) {
        return new ResultRow(number, model, method, selection, epoch, trainSeconds, accuracy, featureSeconds, classifierSeconds, diversity,
                balancedAccuracy, labelsPerClass, labelsSha256, unsupervisedImages, labelsInAll);
    }

    /** Parses a CSV row (also one written before the diversity, balanced accuracy, label budget, unsupervised images or budget in all columns existed). */
    public static ResultRow fromCsv(String line) {
        String[] f = line.split(",", -1);
        if (f.length != FIELDS && f.length != UNSUPERVISED_FIELDS && f.length != BUDGET_FIELDS && f.length != DIVERSITY_FIELDS
                && f.length != OLD_FIELDS) {
            throw new IllegalArgumentException("results row needs " + FIELDS + " fields, got " + f.length + ": " + line);
        }
        Diversity diversity = f.length >= DIVERSITY_FIELDS && !f[9].isEmpty()
                ? new Diversity(Double.parseDouble(f[9]), Integer.parseInt(f[10]), Integer.parseInt(f[11]), Integer.parseInt(f[12]),
                        Integer.parseInt(f[13]))
                : null;
        return new ResultRow(Integer.parseInt(f[0]), f[1], Method.of(f[2]), Selection.ofToken(f[3]), Integer.parseInt(f[4]),
                Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), diversity,
                f.length >= BUDGET_FIELDS && !f[14].isEmpty() ? Double.parseDouble(f[14]) : Double.NaN,
                f.length >= BUDGET_FIELDS ? Integer.parseInt(f[15]) : 0, f.length >= BUDGET_FIELDS ? f[16] : "",
                f.length >= UNSUPERVISED_FIELDS && !f[17].isEmpty() ? Integer.valueOf(f[17]) : null,
                f.length == FIELDS ? Integer.parseInt(f[18]) : 0);
    }
}

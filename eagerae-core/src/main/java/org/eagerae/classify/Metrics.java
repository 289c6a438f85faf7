package org.eagerae.classify;

/**
 * Accuracy, balanced accuracy, per-class accuracy and the confusion matrix of predictions against labels.
 *
 * @param accuracy         share of correct predictions
 * @param balancedAccuracy the mean of the per-class accuracies over the classes present (macro-averaged recall): every
 *                         class counts alike, however many test images it has
 * @param perClassAccuracy for each true class, the share predicted correctly (NaN if the class is absent)
 * @param confusion        {@code confusion[true][predicted]} counts
 */
public record Metrics(double accuracy, double balancedAccuracy, double[] perClassAccuracy, int[][] confusion) {

    /** As a record prints, with the arrays' contents. */
    @Override
    public String toString() {
        return "Metrics[accuracy=" + accuracy + ", balancedAccuracy=" + balancedAccuracy + ", perClassAccuracy=" + java.util.Arrays.toString(perClassAccuracy) + ", confusion="
                + java.util.Arrays.deepToString(confusion) + "]";
    }

    /** Compares predictions with labels. */
    public static Metrics of(int[] predicted, int[] labels, int classes) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException("predicted.length=" + predicted.length + ", labels.length=" + labels.length);
        }
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            confusion[labels[i]][predicted[i]]++;
            if (labels[i] == predicted[i]) {
                correct++;
            }
        }
        double[] perClass = new double[classes];
        double recallSum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            int total = 0;
            for (int p = 0; p < classes; p++) {
                total += confusion[c][p];
            }
            perClass[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
            if (total > 0) {
                recallSum += perClass[c];
                present++;
            }
        }
        return new Metrics(labels.length == 0 ? Double.NaN : (double) correct / labels.length,
                present == 0 ? Double.NaN : recallSum / present, perClass, confusion);
    }
}

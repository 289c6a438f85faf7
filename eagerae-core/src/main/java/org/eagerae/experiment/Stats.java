package org.eagerae.experiment;

import java.util.List;
import java.util.Locale;

/**
 * The mean, sample standard deviation and count of a number over repeats, written so that it never
 * pretends to a spread it has not measured: one value is shown as it is, not as {@code ± 0.00}. The
 * count is not part of the text: a table of them states its n once, in its caption.
 *
 * @param mean the mean
 * @param sd   the sample standard deviation (n - 1 in the denominator); NaN for fewer than two values
 * @param n    how many values
 */
public record Stats(double mean, double sd, int n) {

    /** The statistics of some values. */
    public static Stats of(List<Double> values) {
        double m = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double sd = values.size() < 2 ? Double.NaN
                : Math.sqrt(values.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (values.size() - 1));
        return new Stats(m, sd, values.size());
    }

    /** {@code 97.12} for one value, {@code 97.12 ± 0.31} for several, with the given format for the numbers. */
    public String format(String number) {
        return format(number, "");
    }

    /** As {@link #format(String)}, with a unit after the numbers: {@code 97.12 %}, {@code +0.60 ± 0.20 points}. */
    public String format(String number, String unit) {
        String mean = String.format(Locale.ROOT, number, this.mean);
        String spread = n < 2 ? "" : " \u00b1 " + String.format(Locale.ROOT, number, sd).replace("+", "");
        return mean + spread + unit;
    }
}

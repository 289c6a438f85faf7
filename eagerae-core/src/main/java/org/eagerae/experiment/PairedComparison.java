package org.eagerae.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A difference between two methods measured in the same repeats (same seeds, same data split): the
 * per-repeat differences {@code a - b}, their statistics, in how many repeats {@code a} was ahead, and the
 * paired t-test on them: the confidence interval of the mean difference and the two-sided p-value of "no
 * difference" (Student's t with n - 1 degrees of freedom; nothing of either for fewer than two repeats).
 *
 * @param differences a - b in each repeat that has both, in repeat order
 * @param stats       their mean, standard deviation and count
 * @param ahead       repeats in which a was better than b
 */
public record PairedComparison(List<Double> differences, Stats stats, int ahead) {

    /** The level of the intervals the report shows. */
    public static final double LEVEL = 0.95;

    /** A confidence interval of the mean difference. */
    public record Interval(double low, double high) {
    }

    /** Pairs the two by repeat; repeats that lack either side are left out. */
    public static PairedComparison of(Map<Integer, Double> a, Map<Integer, Double> b) {
        List<Double> d = new ArrayList<>();
        a.keySet().stream().sorted().filter(b::containsKey).forEach(r -> d.add(a.get(r) - b.get(r)));
        return of(d);
    }

    /** The comparison of some paired differences, in repeat order. */
    public static PairedComparison of(List<Double> differences) {
        return new PairedComparison(List.copyOf(differences), Stats.of(differences),
                (int) differences.stream().filter(x -> x > 0).count());
    }

    /**
     * The two-sided confidence interval of the mean difference at a level (e.g. 0.95):
     * {@code mean -/+ t(1 - (1 - level) / 2, n - 1) * sd / sqrt(n)}; empty for fewer than two differences.
     */
    public Optional<Interval> interval(double level) {
        if (stats.n() < 2) {
            return Optional.empty();
        }
        double half = StudentT.quantile(1 - (1 - level) / 2, stats.n() - 1) * standardError();
        return Optional.of(new Interval(stats.mean() - half, stats.mean() + half));
    }

    /** The 95 % confidence interval of the mean difference; empty for fewer than two differences. */
    public Optional<Interval> interval() {
        return interval(LEVEL);
    }

    /**
     * The two-sided p-value of the paired t-test ({@code t = mean / (sd / sqrt(n))}, n - 1 degrees of freedom) against
     * a mean difference of 0; NaN for fewer than two differences. Differences that are all equal give 0 (or 1 when
     * they are all 0): no spread, nothing left to chance.
     */
    public double pValue() {
        if (stats.n() < 2) {
            return Double.NaN;
        }
        if (stats.sd() == 0) {
            return stats.mean() == 0 ? 1 : 0;
        }
        return StudentT.twoSidedP(stats.mean() / standardError(), stats.n() - 1);
    }

    private double standardError() {
        return stats.sd() / Math.sqrt(stats.n());
    }

    /** E.g. {@code +0.42 [−0.10, +0.94], ahead in 3 of 3}: the mean difference, its 95 % interval, and how many pairs there were. */
    public String describe() {
        return describe("");
    }

    /** As {@link #describe()}, with a unit after the numbers: {@code +0.60 [+0.20, +1.00] points, ahead in 3 of 3}. */
    public String describe(String unit) {
        return describe(unit, "");
    }

    /**
     * As {@link #describe(String)}, with a mark (e.g. {@code *} for a significant difference) right after the interval.
     * One difference is shown as it is, with neither interval nor "ahead in 1 of 1": it has no spread to measure.
     */
    public String describe(String unit, String mark) {
        if (differences.isEmpty()) {
            return "";
        }
        Optional<Interval> ci = interval();
        if (ci.isEmpty()) {
            return signed(stats.mean()) + unit + mark;
        }
        return signed(stats.mean()) + " [" + signed(ci.get().low()) + ", " + signed(ci.get().high()) + "]" + mark + unit
                + String.format(Locale.ROOT, ", ahead in %d of %d", ahead, differences.size());
    }

    /** {@code +0.42}, {@code −0.10} (a true minus sign), {@code 0.00} for a value that rounds to zero. */
    static String signed(double x) {
        String s = String.format(Locale.ROOT, "%+.2f", x);
        if (s.equals("+0.00") || s.equals("-0.00")) {
            return "0.00";
        }
        return s.replace('-', '\u2212');
    }
}

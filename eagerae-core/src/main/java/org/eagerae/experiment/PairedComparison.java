package org.eagerae.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A difference between two methods measured in the same repeats (same seeds, same data split): the
 * per-repeat differences {@code a - b}, their statistics, and in how many repeats {@code a} was ahead.
 *
 * @param differences a - b in each repeat that has both, in repeat order
 * @param stats       their mean, standard deviation and count
 * @param ahead       repeats in which a was better than b
 */
public record PairedComparison(List<Double> differences, Stats stats, int ahead) {

    /** Pairs the two by repeat; repeats that lack either side are left out. */
    public static PairedComparison of(Map<Integer, Double> a, Map<Integer, Double> b) {
        List<Double> d = new ArrayList<>();
        a.keySet().stream().sorted().filter(b::containsKey).forEach(r -> d.add(a.get(r) - b.get(r)));
        return new PairedComparison(List.copyOf(d), Stats.of(d), (int) d.stream().filter(x -> x > 0).count());
    }

    /** E.g. {@code +0.42 ± 0.20, ahead in 3 of 3}: the mean difference, its spread, and how many pairs there were. */
    public String describe() {
        return describe("");
    }

    /** As {@link #describe()}, with a unit after the numbers: {@code +0.60 points, ahead in 1 of 1}. */
    public String describe(String unit) {
        if (differences.isEmpty()) {
            return "";
        }
        return stats.format("%+.2f", unit) + String.format(Locale.ROOT, ", ahead in %d of %d", ahead, differences.size());
    }
}

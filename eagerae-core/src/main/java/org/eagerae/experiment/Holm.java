package org.eagerae.experiment;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction of a family of p-values for multiple comparisons (Holm 1979): it holds the
 * family-wise error rate without assuming the tests independent, and is uniformly more powerful than Bonferroni.
 * With the m p-values sorted ascending, {@code p(1) <= ... <= p(m)}, the i-th (from 1) is adjusted to
 * {@code max over j <= i of min(1, (m - j + 1) p(j))}; a hypothesis is rejected at level alpha when its adjusted
 * p-value is below alpha.
 */
public final class Holm {

    private Holm() {
    }

    /** The adjusted p-values, in the order of the input; NaN entries are not tests, are left out of the family and stay NaN. */
    public static double[] adjust(double... p) {
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        Integer[] order = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
        int m = order.length;
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            if (p[i] < 0 || p[i] > 1) {
                throw new IllegalArgumentException("a p-value lies in [0, 1], not " + p[i]);
            }
            running = Math.max(running, Math.min(1, (m - rank) * p[i]));
            out[i] = running;
        }
        return out;
    }
}

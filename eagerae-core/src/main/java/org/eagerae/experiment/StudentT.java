package org.eagerae.experiment;

/**
 * Student's t distribution with {@code df} degrees of freedom: its two-sided tail probability and its
 * quantiles, computed rather than read from a table.
 *
 * <p>The tail comes from the regularised incomplete beta function, {@code P(|T| > t) = I_x(df/2, 1/2)} with
 * {@code x = df / (df + t^2)}; the incomplete beta is evaluated by its continued fraction (the standard
 * expansion, e.g. DLMF 8.17.22) with the modified Lentz algorithm, and {@code ln Gamma} by the Lanczos
 * approximation (g = 7, nine terms), good to about 15 significant digits. A quantile is the root of the
 * monotone tail, found by bisection: slower than a dedicated inversion, but simple and exact to double
 * precision, and the report asks for a handful.
 */
public final class StudentT {

    private static final double EPS = 1e-15;
    private static final double TINY = 1e-300;
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

    private StudentT() {
    }

    /** {@code P(|T| >= |t|)} for T with {@code df} degrees of freedom: the two-sided p-value of a t statistic. */
    public static double twoSidedP(double t, double df) {
        requireDf(df);
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** The {@code q}-quantile, {@code P(T <= t) = q}, for {@code 0 < q < 1}: e.g. {@code quantile(0.975, 4) = 2.776445}. */
    public static double quantile(double q, double df) {
        requireDf(df);
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("a quantile needs 0 < q < 1, not " + q);
        }
        if (q == 0.5) {
            return 0;
        }
        if (q < 0.5) {
            return -quantile(1 - q, df);
        }
        double tail = 2 * (1 - q); // the two-sided tail beyond the quantile
        double lo = 0;
        double hi = 1;
        while (twoSidedP(hi, df) > tail) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (twoSidedP(mid, df) > tail) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** The regularised incomplete beta function {@code I_x(a, b)} for {@code 0 <= x <= 1}, {@code a, b > 0}. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        // the continued fraction converges quickly below the mean of the beta distribution; above it, use the symmetry
        if (x > (a + 1) / (a + b + 2)) {
            return 1 - regularizedBeta(1 - x, b, a);
        }
        double front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lnBeta(a, b)) / a;
        // 1 / (1 + d1 / (1 + d2 / (1 + ...))), d(2m+1) = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)), d(2m) = m(b-m)x / ((a+2m-1)(a+2m))
        double c = 1;
        double d = 0;
        double f = 1;
        for (int j = 1; j <= 10_000; j++) {
            int m = j / 2;
            double dj = j % 2 == 1
                    ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                    : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + dj * d;
            d = Math.abs(d) < TINY ? 1 / TINY : 1 / d;
            c = 1 + dj / c;
            c = Math.abs(c) < TINY ? TINY : c;
            f *= c * d;
            if (Math.abs(c * d - 1) < EPS) {
                break;
            }
        }
        // f is the fraction's denominator 1 + d1 / (1 + ...) evaluated from the top; the Lentz product started at b0 = 1
        return front / f;
    }

    /** {@code ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b)}. */
    static double lnBeta(double a, double b) {
        return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
    }

    /** {@code ln Gamma(x)} for {@code x > 0}, by the Lanczos approximation (reflection below 1/2). */
    static double lnGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    private static void requireDf(double df) {
        if (!(df > 0) || Double.isInfinite(df)) {
            throw new IllegalArgumentException("degrees of freedom must be positive and finite, not " + df);
        }
    }
}

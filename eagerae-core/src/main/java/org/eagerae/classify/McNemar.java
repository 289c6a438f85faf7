package org.eagerae.classify;

/**
 * McNemar's test of two classifiers on the same test images: only the discordant images count, {@code b} that
 * the first gets right and the second wrong, {@code c} the other way round; under "equally accurate" each of
 * the {@code b + c} is either with probability 1/2.
 *
 * <p>With fewer than {@link #EXACT_BELOW} discordant images the p-value is exact: two-sided binomial,
 * {@code min(1, 2 P(X <= min(b, c)))} for {@code X ~ Binomial(b + c, 1/2)}. From there on it is the chi-square
 * approximation with Edwards' continuity correction, {@code (|b - c| - 1)^2 / (b + c)} on one degree of freedom,
 * whose tail is {@code erfc(sqrt(chi2 / 2))}.
 *
 * @param b      images the first classifier gets right and the second wrong
 * @param c      images the second gets right and the first wrong
 * @param pValue the two-sided p-value of "both are equally accurate"
 * @param exact  whether {@code pValue} is the exact binomial one (else the corrected chi-square)
 */
public record McNemar(int b, int c, double pValue, boolean exact) {

    /** From this many discordant images on, the chi-square approximation is used instead of the exact binomial. */
    public static final int EXACT_BELOW = 25;

    public McNemar {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant counts cannot be negative: b = " + b + ", c = " + c);
        }
    }

    /** The test from whether each classifier got each image right, image by image. */
    public static McNemar of(boolean[] firstCorrect, boolean[] secondCorrect) {
        if (firstCorrect.length != secondCorrect.length) {
            throw new IllegalArgumentException("the two classifiers were scored on different numbers of images: "
                    + firstCorrect.length + " and " + secondCorrect.length);
        }
        int b = 0;
        int c = 0;
        for (int i = 0; i < firstCorrect.length; i++) {
            if (firstCorrect[i] && !secondCorrect[i]) {
                b++;
            } else if (!firstCorrect[i] && secondCorrect[i]) {
                c++;
            }
        }
        return of(b, c);
    }

    /** The test from the discordant counts: exact below {@link #EXACT_BELOW} of them, the corrected chi-square from there. */
    public static McNemar of(int b, int c) {
        return b + c < EXACT_BELOW ? exact(b, c) : chiSquare(b, c);
    }

    /** The exact two-sided binomial test, whatever the counts. */
    public static McNemar exact(int b, int c) {
        int n = b + c;
        int k = Math.min(b, c);
        // P(X <= k) for X ~ Binomial(n, 1/2), term by term in logarithms so that large n does not underflow at the first term
        double logTerm = -n * Math.log(2);
        double tail = Math.exp(logTerm);
        for (int i = 1; i <= k; i++) {
            logTerm += Math.log((double) (n - i + 1) / i);
            tail += Math.exp(logTerm);
        }
        return new McNemar(b, c, Math.min(1, 2 * tail), true);
    }

    /** The chi-square approximation with continuity correction, whatever the counts (p = 1 when b = c). */
    public static McNemar chiSquare(int b, int c) {
        return new McNemar(b, c, erfc(Math.sqrt(statistic(b, c) / 2)), false);
    }

    /** The chi-square statistic with continuity correction, {@code (|b - c| - 1)^2 / (b + c)} (0 when |b - c| <= 1). */
    public double statistic() {
        return statistic(b, c);
    }

    private static double statistic(int b, int c) {
        double gap = Math.max(0, Math.abs(b - c) - 1);
        return b + c == 0 ? 0 : gap * gap / (b + c);
    }

    /** E.g. {@code b = 10, c = 2, p = 0.0386 (exact binomial)}. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "b = %d, c = %d, p = %.3g (%s)", b, c, pValue,
                exact ? "exact binomial" : "chi-square, continuity-corrected");
    }

    /**
     * The complementary error function for {@code z >= 0}, as the regularised upper incomplete gamma function
     * {@code Q(1/2, z^2)}: its power series below {@code z^2 = 1.5}, its continued fraction (modified Lentz) above, the
     * textbook split; {@code Gamma(1/2) = sqrt(pi)} needs no gamma function. Accurate to about 1e-15 relative.
     */
    static double erfc(double z) {
        double x = z * z;
        if (x == 0) {
            return 1;
        }
        double front = Math.exp(-x + 0.5 * Math.log(x)) / Math.sqrt(Math.PI); // e^-x x^a / Gamma(a), a = 1/2
        if (x < 1.5) {
            // P(a, x) = e^-x x^a / Gamma(a + 1) * sum x^n / ((a + 1) ... (a + n)); Gamma(3/2) = Gamma(1/2) / 2
            double term = 1 / 0.5;
            double sum = term;
            for (int n = 1; n < 500 && term > sum * 1e-17; n++) {
                term *= x / (0.5 + n);
                sum += term;
            }
            return 1 - front * sum;
        }
        // Q(a, x) = e^-x x^a / Gamma(a) * 1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a) / (x + 5 - a - ...)))
        double tiny = 1e-300;
        double bj = x + 0.5;
        double c = 1 / tiny;
        double d = 1 / bj;
        double f = d;
        for (int i = 1; i < 500; i++) {
            double an = -i * (i - 0.5);
            bj += 2;
            d = an * d + bj;
            d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
            c = bj + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return front * f;
    }
}

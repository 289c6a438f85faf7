package org.eagerae.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The paired t-test, its interval and Holm's correction, against cases worked out by hand. */
class PairedStatisticsTest {

    @Test
    void studentTQuantilesAndTailsMatchTheTables() {
        // tabulated two-sided 5 % points: t(0.975; 1) = 12.7062, t(0.975; 4) = 2.776445, t(0.975; 30) = 2.0423, t(0.975; 1000) = 1.9623
        assertThat(StudentT.quantile(0.975, 4)).isCloseTo(2.776445, within(1e-6));
        assertThat(StudentT.quantile(0.975, 1)).isCloseTo(12.706205, within(1e-5));
        assertThat(StudentT.quantile(0.975, 30)).isCloseTo(2.042272, within(1e-6));
        assertThat(StudentT.quantile(0.975, 1000)).isCloseTo(1.962339, within(1e-6));
        assertThat(StudentT.quantile(0.025, 4)).isCloseTo(-2.776445, within(1e-6));
        assertThat(StudentT.quantile(0.5, 7)).isZero();
        // one degree of freedom is the Cauchy distribution: P(|T| > 1) = 1 - 2 atan(1) / pi = 1/2
        assertThat(StudentT.twoSidedP(1, 1)).isCloseTo(0.5, within(1e-14));
        // two degrees of freedom: P(|T| > t) = 1 - t / sqrt(2 + t^2); t = 10: 1 - 10 / sqrt(102) = 0.0098534
        assertThat(StudentT.twoSidedP(10, 2)).isCloseTo(1 - 10 / Math.sqrt(102), within(1e-14));
        // three degrees of freedom, t = 10 (A&S 26.7.3, theta = atan(10 / sqrt 3)): 0.0021284
        assertThat(StudentT.twoSidedP(10, 3)).isCloseTo(0.0021283990584, within(1e-12));
        assertThat(StudentT.twoSidedP(0, 5)).isCloseTo(1, within(1e-14));
        assertThat(StudentT.lnGamma(5)).isCloseTo(Math.log(24), within(1e-13));
        assertThat(StudentT.lnGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
    }

    @Test
    void fivePairedDifferencesGiveTheHandComputedIntervalAndPValue() {
        // d = 0.5, 1.2, -0.3, 0.8, 0.9
        // mean = 3.1 / 5 = 0.62
        // deviations -0.12, 0.58, -0.92, 0.18, 0.28; squares 0.0144 + 0.3364 + 0.8464 + 0.0324 + 0.0784 = 1.308
        // sd = sqrt(1.308 / 4) = sqrt(0.327) = 0.571839; standard error = sd / sqrt(5) = 0.255734
        // t(0.975; 4) = 2.776445, half-width = 2.776445 * 0.255734 = 0.710032
        // interval = [0.62 - 0.710032, 0.62 + 0.710032] = [-0.090032, 1.330032]
        // t = 0.62 / 0.255734 = 2.424392 on 4 degrees of freedom: two-sided p = 0.072418
        PairedComparison p = PairedComparison.of(List.of(0.5, 1.2, -0.3, 0.8, 0.9));
        assertThat(p.stats().mean()).isCloseTo(0.62, within(1e-12));
        assertThat(p.stats().sd()).isCloseTo(Math.sqrt(0.327), within(1e-12));
        PairedComparison.Interval ci = p.interval().orElseThrow();
        assertThat(ci.low()).isCloseTo(-0.090032, within(1e-6));
        assertThat(ci.high()).isCloseTo(1.330032, within(1e-6));
        assertThat(p.pValue()).isCloseTo(0.072418, within(1e-6));
        assertThat(p.ahead()).isEqualTo(4);
        assertThat(p.describe()).isEqualTo("+0.62 [\u22120.09, +1.33], ahead in 4 of 5");
        assertThat(p.describe(" points", "*")).isEqualTo("+0.62 [\u22120.09, +1.33]* points, ahead in 4 of 5");
    }

    @Test
    void oneDifferenceHasNoIntervalNoPValueAndNoCount() {
        PairedComparison one = PairedComparison.of(List.of(-0.6));
        assertThat(one.interval()).isEmpty();
        assertThat(one.pValue()).isNaN();
        assertThat(one.describe(" points")).isEqualTo("\u22120.60 points");
        assertThat(PairedComparison.of(List.of()).describe()).isEmpty();
    }

    @Test
    void equalDifferencesLeaveNothingToChance() {
        PairedComparison same = PairedComparison.of(List.of(0.5, 0.5, 0.5));
        assertThat(same.pValue()).isZero();
        assertThat(same.interval().orElseThrow()).isEqualTo(new PairedComparison.Interval(0.5, 0.5));
        assertThat(PairedComparison.of(List.of(0.0, 0.0)).pValue()).isEqualTo(1.0);
    }

    @Test
    void holmAdjustsStepDownAndKeepsTheInputOrder() {
        // sorted: 0.005, 0.01, 0.03, 0.04 (m = 4)
        // 4 * 0.005 = 0.02; 3 * 0.01 = 0.03; 2 * 0.03 = 0.06; 1 * 0.04 = 0.04 -> max(0.06, 0.04) = 0.06 (monotone)
        // back in input order (0.01, 0.04, 0.03, 0.005): 0.03, 0.06, 0.06, 0.02
        assertThat(Holm.adjust(0.01, 0.04, 0.03, 0.005)).containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-12));
        // NaN is no test, so m = 3 here; sorted 0.01, 0.55, 0.6: 3 * 0.01 = 0.03, 2 * 0.55 = 1.1 -> capped at 1, 1 * 0.6 -> max(1, 0.6) = 1
        double[] capped = Holm.adjust(0.6, Double.NaN, 0.55, 0.01);
        assertThat(capped[0]).isEqualTo(1.0);
        assertThat(capped[1]).isNaN();
        assertThat(capped[2]).isEqualTo(1.0);
        assertThat(capped[3]).isCloseTo(0.03, within(1e-12));
        assertThat(Holm.adjust()).isEmpty();
    }
}

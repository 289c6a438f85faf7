package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** McNemar's test against cases worked out by hand. */
class McNemarTest {

    @Test
    void fewDiscordantImagesGiveTheExactBinomialP() {
        // b = 10, c = 2: n = 12, P(X <= 2) = (C(12,0) + C(12,1) + C(12,2)) / 2^12 = (1 + 12 + 66) / 4096 = 79 / 4096
        // two-sided: 2 * 79 / 4096 = 158 / 4096 = 0.0385742
        McNemar m = McNemar.of(10, 2);
        assertThat(m.exact()).isTrue();
        assertThat(m.pValue()).isCloseTo(158.0 / 4096, within(1e-15)).isCloseTo(0.0386, within(5e-5));
        assertThat(McNemar.of(2, 10).pValue()).isEqualTo(m.pValue());
        assertThat(m.describe()).isEqualTo("b = 10, c = 2, p = 0.0386 (exact binomial)");
        // nothing discordant, or as many each way: no evidence at all
        assertThat(McNemar.of(0, 0).pValue()).isEqualTo(1.0);
        assertThat(McNemar.of(5, 5).pValue()).isEqualTo(1.0);
    }

    @Test
    void manyDiscordantImagesGiveTheCorrectedChiSquare() {
        // b = 40, c = 20: chi2 = (|40 - 20| - 1)^2 / 60 = 361 / 60 = 6.016667 on 1 degree of freedom
        // p = P(chi2_1 > 6.016667) = P(|Z| > 2.452890) = 2 (1 - Phi(2.452890)) = 0.014171
        McNemar m = McNemar.of(40, 20);
        assertThat(m.exact()).isFalse();
        assertThat(m.statistic()).isCloseTo(361.0 / 60, within(1e-12));
        assertThat(m.pValue()).isCloseTo(0.0141714, within(1e-6));
        // the exact test on the same counts is close: 2 P(X <= 20), X ~ Binomial(60, 1/2) = 0.0135
        assertThat(McNemar.exact(40, 20).pValue()).isCloseTo(m.pValue(), within(2e-3));
    }

    @Test
    void theChiSquareTailIsTheErrorFunctionsComplement() {
        assertThat(McNemar.erfc(1)).isCloseTo(0.157299207050285, within(1e-14)); // tabulated
        assertThat(McNemar.erfc(0.5)).isCloseTo(0.479500122186953, within(1e-14)); // series branch
        assertThat(McNemar.erfc(3)).isCloseTo(2.20904969985854e-5, within(1e-18)); // continued-fraction branch
        // the 5 % point of chi-square on one degree of freedom is 3.841459 = 1.959964^2
        assertThat(McNemar.erfc(Math.sqrt(3.841458820694124 / 2))).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void countsComeFromThePerImageCorrectness() {
        boolean[] first = {true, true, false, false, true, true};
        boolean[] second = {true, false, true, false, false, true};
        McNemar m = McNemar.of(first, second);
        assertThat(m.b()).isEqualTo(2);
        assertThat(m.c()).isEqualTo(1);
        // n = 3, P(X <= 1) = (1 + 3) / 8 = 0.5, two-sided 1
        assertThat(m.pValue()).isEqualTo(1.0);
    }
}

package org.eagerae.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.eagerae.testing.TinyImages;
import org.junit.jupiter.api.Test;

class StuckMemberRuleTest {

    /** The constant-output loss of the validation split of MNIST-small, split seed 1 (about 0.095). */
    private static final double BASELINE = 0.095;

    /**
     * Validation losses of epochs 1-5 of real members (`train --preset mnist-small --members 5 --epochs 5 --seed S`, seeds 1-5):
     * three that stayed at a constant output, and healthy ones including the slowest, which looked stuck after epoch 2.
     */
    private static final double[][] STUCK = {
        {0.1374, 0.1119, 0.1108, 0.1106, 0.1106}, {0.1377, 0.1095, 0.1066, 0.1059, 0.1056}, {0.1324, 0.1126, 0.1119, 0.1117, 0.1116},
        {0.1442, 0.1140, 0.1127, 0.1124, 0.1123}};
    private static final double[][] HEALTHY = {
        {0.1265, 0.1119, 0.0490, 0.0347, 0.0209}, {0.1319, 0.0885, 0.0471, 0.0242, 0.0155}, {0.1621, 0.0712, 0.0308, 0.0180, 0.0133},
        {0.1181, 0.0421, 0.0231, 0.0171, 0.0135}, {0.0568, 0.0243, 0.0157, 0.0122, 0.0103}};

    private static int firstFiring(StuckMemberRule rule, double[] losses) {
        List<EpochRecord> history = new ArrayList<>();
        for (int e = 0; e < losses.length; e++) {
            history.add(new EpochRecord(0, e + 1, losses[e], losses[e], 1, e + 1));
            if (rule.stuck(history).isPresent()) {
                return e + 1;
            }
        }
        return 0;
    }

    @Test
    void firesAfterTheThirdEpochOfEveryStuckMemberAndNeverForAHealthyOne() {
        StuckMemberRule rule = StuckMemberRule.withDefaults(BASELINE, 48);
        for (double[] losses : STUCK) {
            assertThat(firstFiring(rule, losses)).isEqualTo(3);
        }
        for (double[] losses : HEALTHY) {
            assertThat(firstFiring(rule, losses)).isZero();
        }
    }

    @Test
    void epochsOfAFewBatchesAreNotJudgedUntilTheMemberHadEnoughSteps() {
        double[] stuck = STUCK[0];
        assertThat(firstFiring(StuckMemberRule.withDefaults(BASELINE, 3), stuck)).isZero(); // 15 steps in 5 epochs
        assertThat(firstFiring(StuckMemberRule.withDefaults(BASELINE, 24), stuck)).isEqualTo(4); // 96 steps after epoch 4
    }

    @Test
    void sayingWhyNamesTheLossAndTheBaseline() {
        List<EpochRecord> history = List.of(new EpochRecord(0, 1, 0.14, 0.14, 1, 1), new EpochRecord(0, 2, 0.12, 0.112, 1, 2),
                new EpochRecord(0, 3, 0.11, 0.111, 1, 3));
        assertThat(StuckMemberRule.withDefaults(BASELINE, 48).stuck(history)).hasValueSatisfying(
                why -> assertThat(why).contains("0.11100").contains("epoch 3").contains("0.09500"));
    }

    @Test
    void constantOutputLossIsThePixelVarianceOfEachChannel() {
        var data = TinyImages.bars(40, 3, 8, 4, 1);
        double expected = 0;
        int plane = 64;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < 40; i++) {
                for (int p = 0; p < plane; p++) {
                    double v = data.pixels()[i * 3 * plane + c * plane + p];
                    sum += v;
                    sq += v * v;
                }
            }
            double mean = sum / (40.0 * plane);
            expected += sq / (40.0 * plane) - mean * mean;
        }
        assertThat(ConstantOutputLoss.of(data)).isCloseTo(expected / 3, org.assertj.core.api.Assertions.within(1e-12)).isPositive();
    }
}

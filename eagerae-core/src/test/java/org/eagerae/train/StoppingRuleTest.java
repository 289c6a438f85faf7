package org.eagerae.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.junit.jupiter.api.Test;

class StoppingRuleTest {

    private static List<EpochRecord> history(double... valLosses) {
        List<EpochRecord> h = new ArrayList<>();
        for (int i = 0; i < valLosses.length; i++) {
            h.add(new EpochRecord(0, i + 1, valLosses[i], valLosses[i], 2.0, 2.0 * (i + 1)));
        }
        return h;
    }

    @Test
    void parsesEveryRule() {
        assertThat(StoppingRule.parse("none", 0.001, 3)).isEqualTo(new StoppingRule.None());
        assertThat(StoppingRule.parse("epochs:4", 0.001, 3)).isEqualTo(new StoppingRule.FixedEpochs(4));
        assertThat(StoppingRule.parse("time:30", 0.001, 3)).isEqualTo(new StoppingRule.TimeBudget(30));
        assertThat(StoppingRule.parse("plateau:0.05", 0.001, 3)).isEqualTo(new StoppingRule.Plateau(0.05));
        assertThat(StoppingRule.parse("convergence", 0.01, 2)).isEqualTo(new StoppingRule.Convergence(0.01, 2));
    }

    @Test
    void rejectsBadRulesWithAClearMessage() {
        assertThatThrownBy(() -> StoppingRule.parse("sometimes", 0, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown stop rule 'sometimes'");
        assertThatThrownBy(() -> StoppingRule.parse("epochs:x", 0, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> StoppingRule.parse("epochs:0", 0, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> StoppingRule.parse("plateau", 0, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs a value");
    }

    @Test
    void plateauStopsAtTheFirstSmallImprovement() {
        StoppingRule rule = new StoppingRule.Plateau(0.05);
        assertThat(rule.stopReason(history(1.0, 0.8))).isEmpty();
        assertThat(rule.stopReason(history(1.0, 0.8, 0.79))).isPresent();
    }

    @Test
    void timeBudgetStopsBeforeAnEpochThatWouldOverrun() {
        StoppingRule rule = new StoppingRule.TimeBudget(7);
        assertThat(rule.stopReason(history(1, 0.9))).isEmpty(); // 4 s used, next ends at 6
        assertThat(rule.stopReason(history(1, 0.9, 0.8))).isPresent(); // 6 s used, next would end at 8
    }

    @Test
    void convergenceWaitsForPatienceAndNamesTheBestEpoch() {
        StoppingRule rule = new StoppingRule.Convergence(0.01, 2);
        assertThat(rule.stopReason(history(1.0, 0.9, 0.895))).isEmpty();
        assertThat(rule.stopReason(history(1.0, 0.9, 0.895, 0.899)).orElseThrow()).contains("best epoch 2");
        assertThat(StoppingRule.bestEpoch(history(1.0, 0.9, 0.7, 0.71), 0)).isEqualTo(3);
    }

    @Test
    void epochRecordRoundTripsThroughCsv() {
        EpochRecord r = new EpochRecord(3, 7, 0.0123456789, 0.0234567891, 1.25, 8.5);
        EpochRecord back = EpochRecord.fromCsv(r.toCsv());
        assertThat(back.member()).isEqualTo(3);
        assertThat(back.epoch()).isEqualTo(7);
        assertThat(back.trainLoss()).isCloseTo(0.0123456789, org.assertj.core.api.Assertions.within(1e-11));
        assertThat(back.elapsedSeconds()).isEqualTo(8.5);
    }
}

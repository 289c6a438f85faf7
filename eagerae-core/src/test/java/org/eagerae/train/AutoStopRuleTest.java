package org.eagerae.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eager stop on recorded validation curves: when it stops, when it goes on, and its file. */
class AutoStopRuleTest {

    @TempDir
    Path tmp;

    /** Rows for epochs 0, 1, ... with these vote accuracies, each epoch 10 s of the run's clock. */
    private static List<ProbeRecord> curve(double... votes) {
        List<ProbeRecord> rows = new ArrayList<>();
        for (int e = 0; e < votes.length; e++) {
            rows.add(new ProbeRecord(e, 10.0 * e, 0.1, votes[e], List.of(votes[e] - 0.01, votes[e] + 0.01)));
        }
        return rows;
    }

    /** The first epoch after which the rule stops, or -1 when it never does on the whole curve. */
    private static int stopEpoch(StoppingRule.Auto rule, List<ProbeRecord> rows) {
        for (int n = 1; n <= rows.size(); n++) {
            if (rule.ensembleStopReason(rows.subList(0, n)).isPresent()) {
                return rows.get(n - 1).epoch();
            }
        }
        return -1;
    }

    @Test
    void stopsWhenTheVoteHasNotImprovedForPatienceEpochs() {
        List<ProbeRecord> rising = curve(0.80, 0.85, 0.90, 0.91, 0.90, 0.905, 0.95);
        assertThat(stopEpoch(StoppingRule.Auto.defaults(), rising)).isEqualTo(5); // best at 3, no better at 4 and 5
        assertThat(stopEpoch(StoppingRule.Auto.defaults().withPatience(3), rising)).isEqualTo(-1); // 6 improves in time
        assertThat(StoppingRule.Auto.defaults().ensembleStopReason(rising.subList(0, 6)).orElseThrow())
                .contains("not improved for 2 epochs").contains("best 91.00 % at epoch 3");
    }

    @Test
    void untrainedEncodersThatWinStopItEarlyAndAreTheBest() {
        List<ProbeRecord> falling = curve(0.88, 0.85, 0.84, 0.86);
        assertThat(stopEpoch(StoppingRule.Auto.defaults(), falling)).isEqualTo(2);
        assertThat(StoppingRule.Auto.best(falling).epoch()).isZero();
    }

    @Test
    void neverStopsBeforeTheFirstEpochNorWhileImproving() {
        assertThat(StoppingRule.Auto.defaults().ensembleStopReason(curve(0.9))).isEmpty();
        assertThat(StoppingRule.Auto.defaults().ensembleStopReason(List.of())).isEmpty();
        assertThat(stopEpoch(StoppingRule.Auto.defaults().withPatience(1), curve(0.1, 0.2, 0.3, 0.4, 0.5))).isEqualTo(-1);
    }

    @Test
    void aTieIsNoImprovementAndTheEarlierEpochIsTheBest() {
        List<ProbeRecord> flat = curve(0.5, 0.9, 0.9, 0.9);
        assertThat(StoppingRule.Auto.best(flat).epoch()).isEqualTo(1);
        assertThat(stopEpoch(StoppingRule.Auto.defaults(), flat)).isEqualTo(3);
    }

    @Test
    void stopsWhenTheGainPerMinuteFallsBelowTheThreshold() {
        // +5 points in 10 s (30 points per minute), then +0.1 point in 10 s (0.6 per minute)
        List<ProbeRecord> slowing = curve(0.80, 0.85, 0.851);
        StoppingRule.Auto rule = StoppingRule.Auto.defaults().withMinGainPerMinute(1.0);
        assertThat(stopEpoch(rule, slowing)).isEqualTo(2);
        assertThat(rule.ensembleStopReason(slowing).orElseThrow()).contains("0.600 points per minute in epoch 2");
        assertThat(stopEpoch(StoppingRule.Auto.defaults().withMinGainPerMinute(0.5), slowing)).isEqualTo(-1);
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> StoppingRule.Auto.defaults().withPatience(0)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("patience must be >= 1, got 0");
        assertThatThrownBy(() -> StoppingRule.Auto.defaults().withMinGainPerMinute(-1)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("minGainPerMinute");
        assertThatThrownBy(() -> StoppingRule.Auto.defaults().withProbeImages(10)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("probeImages must be >= 50, got 10");
        assertThat(StoppingRule.parse("auto", 0.001, 4)).isEqualTo(StoppingRule.Auto.defaults().withPatience(4));
    }

    @Test
    void theRuleIsStoredWithItsSettings() throws Exception {
        ObjectMapper json = new ObjectMapper();
        StoppingRule rule = new StoppingRule.Auto(3, 0.25, 500);
        String text = json.writeValueAsString(rule);
        assertThat(text).contains("\"rule\":\"auto\"").contains("\"patience\":3").contains("\"probeImages\":500");
        assertThat(json.readValue(text, StoppingRule.class)).isEqualTo(rule);
    }

    @Test
    void probeFileRoundTripsAndNamesADamagedLine() throws Exception {
        Path file = tmp.resolve("probe.csv");
        List<ProbeRecord> rows = curve(0.5, 0.625, 0.75);
        ProbeFile.write(file, rows);
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("epoch,run_seconds,probe_seconds,vote_accuracy,m00_accuracy,m01_accuracy");
        assertThat(ProbeFile.read(file)).isEqualTo(rows);
        Files.writeString(file, Files.readString(file) + "3,30.0,oops\n");
        assertThatThrownBy(() -> ProbeFile.read(file)).isInstanceOf(InvalidInputException.class).hasMessageContaining("line 5");
        assertThat(ProbeFile.read(tmp.resolve("absent.csv"))).isEmpty();
    }
}

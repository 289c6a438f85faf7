package org.eagerae.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eagerae.testing.TinyRuns.train;

import java.nio.file.Path;
import java.util.List;
import org.eagerae.data.DataSource;
import org.eagerae.model.CaeSpec;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.testing.TinyRuns;
import org.eagerae.train.ProbeRecord;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eager stop replayed on a run trained for a fixed number of epochs gives what a run stopped by {@code auto} gives. */
class ProbeReplayTest {

    @TempDir
    static Path data;

    static DataSource source;

    static final StoppingRule.Auto RULE = new StoppingRule.Auto(1, 0, 100);

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeData() throws Exception {
        source = TinyRuns.barsInIdx(data, 200, 100, 100);
    }

    private static RunSpec spec(StoppingRule rule, int epochs) {
        return new RunSpec(source, CaeSpec.mnist(), 2, 3, TrainingOptions.paper(epochs).withBatchSize(50).withStop(rule), 1);
    }

    @Test
    void replayingAFixedRunGivesTheRowsAndStopOfAnAutoRunWithTheSameSeed() {
        RunManifest auto = train(tmp.resolve("auto"), spec(RULE, 4), new InlineBackend());
        List<ProbeRecord> autoRows = RunDirectory.open(tmp.resolve("auto")).readProbe();
        int stop = autoRows.get(autoRows.size() - 1).epoch();
        train(tmp.resolve("fixed"), spec(new StoppingRule.None(), 4), new InlineBackend());
        RunDirectory fixed = RunDirectory.open(tmp.resolve("fixed"));

        ProbeReplay.Decision decision = ProbeReplay.replay(fixed, RULE);

        assertThat(decision.stopEpoch()).isEqualTo(stop).isEqualTo(auto.members().get(0).epochs());
        assertThat(decision.reason()).isEqualTo(RULE.ensembleStopReason(autoRows));
        assertThat(decision.rows()).extracting(ProbeRecord::epoch).isEqualTo(autoRows.stream().map(ProbeRecord::epoch).toList());
        assertThat(decision.rows()).extracting(ProbeRecord::voteAccuracy).isEqualTo(autoRows.stream().map(ProbeRecord::voteAccuracy).toList());
        assertThat(decision.rows()).extracting(ProbeRecord::memberAccuracies)
                .isEqualTo(autoRows.stream().map(ProbeRecord::memberAccuracies).toList());
        // the rows are written to the run's probe.csv, and the decision on them is the same
        assertThat(fixed.readProbe()).isEqualTo(decision.rows());
        assertThat(ProbeReplay.decide(RULE, fixed.readProbe()).stopEpoch()).isEqualTo(stop);
        assertThat(decision.seconds()).isGreaterThanOrEqualTo(decision.rows().get(decision.rows().size() - 1).runSeconds());
        // a second replay reuses probe.csv: nothing is scored again
        assertThat(ProbeReplay.replay(fixed, RULE).rows()).isEqualTo(decision.rows());
    }
}

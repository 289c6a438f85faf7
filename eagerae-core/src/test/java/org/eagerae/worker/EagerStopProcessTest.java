package org.eagerae.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eagerae.testing.TinyRuns.losses;
import static org.eagerae.testing.TinyRuns.train;

import java.nio.file.Path;
import java.util.List;
import org.eagerae.data.DataSource;
import org.eagerae.ensemble.InlineBackend;
import org.eagerae.model.CaeSpec;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.testing.TinyRuns;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eager stop with members in worker processes decides as it does inline, on the same numbers. */
@Tag("process")
class EagerStopProcessTest {

    @TempDir
    Path tmp;

    @Test
    void workerProcessesGiveTheInlineRunsProbeAndDecision() throws Exception {
        DataSource source = TinyRuns.barsInIdx(tmp.resolve("data"), 200, 100, 100);
        RunSpec spec = new RunSpec(source, CaeSpec.mnist(), 3, 6,
                TrainingOptions.paper(4).withBatchSize(50).withStop(new StoppingRule.Auto(2, 0, 100)), 1);
        RunManifest inline = train(tmp.resolve("inline"), spec, new InlineBackend());
        RunManifest processes = train(tmp.resolve("processes"), spec, new ProcessBackend(2));
        assertThat(losses(tmp.resolve("processes"))).isEqualTo(losses(tmp.resolve("inline")));
        assertThat(scores(tmp.resolve("processes"))).isEqualTo(scores(tmp.resolve("inline")));
        assertThat(processes.members()).extracting(MemberStatus::stopReason)
                .isEqualTo(inline.members().stream().map(MemberStatus::stopReason).toList());
        assertThat(processes.members()).extracting(MemberStatus::epochs).containsOnly(inline.members().get(0).epochs());
    }

    /** Each probe row's epoch and accuracies (not its seconds). */
    private static List<String> scores(Path dir) {
        return RunDirectory.open(dir).readProbe().stream().map(r -> r.epoch() + ":" + r.voteAccuracy() + ":" + r.memberAccuracies()).toList();
    }
}

package org.eagerae.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.eagerae.model.CaeSpec;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.testing.TinyRuns;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/** The worker protocol's encoding and the run settings' JSON, without processes. */
class ProtocolTest {

    private static RunSpec spec(StoppingRule rule) {
        return new RunSpec(TinyRuns.idx(Path.of("/images\nwith a newline"), 200, 100, 7), CaeSpec.mnist(), 3, 11,
                TrainingOptions.paper(9).withBatchSize(50).withStop(rule).withBootstrap(true), 2);
    }

    @Test
    void everyMessageIsOneLineAndReadsBackEqual() throws Exception {
        WorkerCommand train = new WorkerCommand.TrainMember(42, "/runs/a\nb", spec(new StoppingRule.Convergence(0.01, 4)), 2, 7);
        String line = Protocol.line(train);
        assertThat(line).doesNotContain("\n").contains("\"type\":\"train-member\"").contains("\"rule\":\"convergence\"");
        assertThat(Protocol.command(line)).isEqualTo(train);
        assertThat(Protocol.command(Protocol.line(new WorkerCommand.Shutdown()))).isEqualTo(new WorkerCommand.Shutdown());

        MemberJob job = new MemberJob(2, 99);
        EpochRecord record = new EpochRecord(2, 3, 0.5, 0.25, 1.5, 4.5);
        for (WorkerEvent event : new WorkerEvent[] {
            new WorkerEvent.Started(42, 2, 1, 9, 4),
            new WorkerEvent.Batch(42, 2, 1, 3, 4, 0.125),
            new WorkerEvent.Epoch(42, 2, record),
            new WorkerEvent.Warning(42, 2, "a warning\nin two lines"),
            new WorkerEvent.MemberDone(42, 2, MemberStatus.failed(job, 3, "out of memory")),
            new WorkerEvent.MemberDone(42, 2, MemberStatus.pending(job))}) {
            String encoded = Protocol.line(event);
            assertThat(encoded).doesNotContain("\n");
            assertThat(Protocol.event(encoded)).isEqualTo(event);
        }
    }

    @Test
    void anythingButAKnownWholeMessageIsRefused() {
        for (String line : new String[] {
            "",
            "hello from a native library",
            "{\"note\": \"a stray line\"}",
            "{\"type\": \"surprise\", \"job\": 1, \"member\": 0}",
            "{\"type\": \"warning\", \"job\": 1, \"member\": 0}",
            "{\"type\": \"warning\", \"job\": 1, \"member\": 0, \"message\": \"m\", \"extra\": 1}",
            "{\"type\": \"warning\", \"job\": 1, \"member\": 0, \"message\": \"m\"} {\"type\": \"warning\"}",
            "{\"type\": \"warning\", \"job\": 1, \"member\": 0, \"message\": \"m\""}) {
            assertThatThrownBy(() -> Protocol.event(line)).as(line).isInstanceOf(Protocol.ProtocolException.class)
                    .hasMessageContaining("not a WorkerEvent");
        }
    }

    @Test
    void runSettingsKeepTheirTypedStoppingRuleThroughRunJson() throws Exception {
        for (StoppingRule rule : new StoppingRule[] {new StoppingRule.None(), new StoppingRule.FixedEpochs(3),
            new StoppingRule.TimeBudget(12.5), new StoppingRule.Plateau(0.02), new StoppingRule.Convergence(0.005, 2)}) {
            RunManifest manifest = RunManifest.start(spec(rule));
            byte[] json = RunDirectory.JSON.writeValueAsBytes(manifest);
            RunManifest back = RunDirectory.JSON.readValue(json, RunManifest.class);
            assertThat(back.spec()).isEqualTo(manifest.spec());
            assertThat(back.spec().training().stop()).isEqualTo(rule);
        }
    }
}

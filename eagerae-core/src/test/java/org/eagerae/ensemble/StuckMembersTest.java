package org.eagerae.ensemble;

import org.eagerae.testing.TinyRuns;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.worker.ProcessBackend;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.StuckMemberRule;
import org.eagerae.train.TrainingOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts of stuck members on real training: a member that cannot learn (a step size of 1e-9 leaves it at
 * its initial output, far above the constant-output loss) is found stuck and started again from the run's
 * next seeds; a member that learns is left alone.
 */
class StuckMembersTest {

    /** 50 steps an epoch on 200 images: the rule judges a member from its second epoch on. */
    private static final int BATCH = 4;

    @TempDir
    static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeData() throws Exception {
        TinyRuns.writeIdxFolder(data, 400, 50);
    }

    static RunSpec spec(int members, float learningRate, boolean restartStuck) {
        return new RunSpec(TinyRuns.idx(data, 200, 100), CaeSpec.mnist(), members, 7,
                TrainingOptions.paper(3).withBatchSize(BATCH).withLearningRate(learningRate).withRestartStuck(restartStuck), 1);
    }

    /** Hears restarts. */
    static final class Restarts implements EnsembleListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public synchronized void onRestart(int member, long seed, String reason) {
            seen.add(member + ":" + seed + ":" + reason);
        }
    }

    @Test
    void aMemberThatCannotLearnIsRestartedFromTheRunsNextSeedsAndItsTimeCounts() {
        RunSpec spec = spec(1, 1e-9f, true);
        Restarts restarts = new Restarts();
        RunManifest done = TinyRuns.train(tmp.resolve("run"), spec, new InlineBackend(), restarts);
        MemberStatus m = done.members().get(0);
        assertThat(m.isFinished()).isTrue();
        assertThat(m.restarts()).hasSize(StuckMemberRule.MAX_RESTARTS);
        assertThat(restarts.seen).hasSize(StuckMemberRule.MAX_RESTARTS);
        for (int a = 0; a < StuckMemberRule.MAX_RESTARTS; a++) {
            MemberStatus.Restart r = m.restarts().get(a);
            assertThat(r.seed()).isEqualTo(spec.memberSeed(0, a));
            assertThat(r.epochs()).isEqualTo(2); // found stuck after its second epoch: no progress at all
            assertThat(r.reason()).startsWith("stuck: validation loss");
            assertThat(restarts.seen.get(a)).startsWith("0:" + spec.memberSeed(0, a + 1) + ":stuck");
        }
        // after the last restart the member trains on as it is
        assertThat(m.seed()).isEqualTo(spec.memberSeed(0, StuckMemberRule.MAX_RESTARTS));
        assertThat(m.epochs()).isEqualTo(3);
        RunDirectory run = RunDirectory.open(tmp.resolve("run"));
        assertThat(run.stuckAttempts(0)).hasSize(StuckMemberRule.MAX_RESTARTS)
                .allSatisfy(attempt -> assertThat(attempt.epochs()).hasSize(2));
        assertThat(run.member(0).epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3);
        // the run's metrics hold the last attempt only, and its clock goes on from the attempts before it
        assertThat(run.readMetrics()).hasSize(3);
        double before = m.restarts().get(StuckMemberRule.MAX_RESTARTS - 1).seconds();
        assertThat(run.member(0).epochs().get(0).elapsedSeconds()).isGreaterThan(before);
        assertThat(m.trainSeconds()).isGreaterThan(before);
    }

    @Test
    void withoutRestartsOrWhenTheMemberLearnsNothingIsSetAside() {
        RunManifest off = TinyRuns.train(tmp.resolve("off"), spec(1, 1e-9f, false), new InlineBackend());
        assertThat(off.members().get(0).restarts()).isEmpty();
        assertThat(RunDirectory.open(tmp.resolve("off")).stuckAttempts(0)).isEmpty();

        Restarts restarts = new Restarts();
        RunManifest learning = TinyRuns.train(tmp.resolve("learning"), spec(2, 1e-3f, true), new InlineBackend(), restarts);
        assertThat(restarts.seen).isEmpty();
        assertThat(learning.members()).allSatisfy(s -> {
            assertThat(s.restarts()).isEmpty();
            assertThat(s.epochs()).isEqualTo(3);
        });
        List<EpochRecord> rows = RunDirectory.open(tmp.resolve("learning")).readMetrics();
        assertThat(rows.get(2).valLoss()).isLessThan(rows.get(0).valLoss());
    }

    @Test
    @Tag("process")
    void workerProcessesGiveTheSameRestartsAndAResumedMemberContinuesItsLastAttempt() throws Exception {
        RunSpec spec = spec(1, 1e-9f, true);
        RunManifest inline = TinyRuns.train(tmp.resolve("inline"), spec, new InlineBackend());
        Restarts restarts = new Restarts();
        RunManifest processes = TinyRuns.train(tmp.resolve("processes"), spec, new ProcessBackend(1), restarts);
        assertThat(restarts.seen).hasSize(StuckMemberRule.MAX_RESTARTS);
        assertThat(processes.members().get(0).restarts()).extracting(MemberStatus.Restart::seed)
                .containsExactlyElementsOf(inline.members().get(0).restarts().stream().map(MemberStatus.Restart::seed).toList());
        assertThat(losses(tmp.resolve("processes"))).containsExactlyElementsOf(losses(tmp.resolve("inline")));

        // lose the last attempt's final epoch, as an interrupted run would, and resume
        RunDirectory run = RunDirectory.open(tmp.resolve("inline"));
        List<EpochRecord> kept = run.member(0).epochs().subList(0, 2);
        Files.delete(run.checkpoint(0, 3));
        org.eagerae.train.MetricsFile.write(run.member(0).metricsFile(), kept);
        RunManifest resumed = TinyRuns.resume(tmp.resolve("inline"), new InlineBackend());
        assertThat(resumed.members().get(0).seed()).isEqualTo(spec.memberSeed(0, StuckMemberRule.MAX_RESTARTS));
        assertThat(resumed.members().get(0).restarts()).hasSize(StuckMemberRule.MAX_RESTARTS);
        assertThat(losses(tmp.resolve("inline"))).containsExactlyElementsOf(losses(tmp.resolve("processes")));
    }

    private static List<String> losses(Path dir) {
        return RunDirectory.open(dir).member(0).epochs().stream().map(r -> r.trainLoss() + "/" + r.valLoss()).toList();
    }
}

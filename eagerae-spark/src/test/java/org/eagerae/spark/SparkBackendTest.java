package org.eagerae.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.Training;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.InlineBackend;
import org.eagerae.run.MemberState;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.MemberStatus.AttemptOutcome;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.model.CaeSpec;
import org.eagerae.testing.TinyRuns;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.StuckMemberRule;
import org.eagerae.train.TrainingOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members on {@code local-cluster[2,1,1024]}: a Spark master and worker in this JVM and two real
 * executor JVMs, one Spark context for the whole class, the members' files on a Hadoop file system
 * ({@code file://}; the run folder itself as the storage is tested by {@code SparkCliTest} and
 * {@code StandaloneClusterTest}). The executors are armed with test faults: member 1's first
 * attempt halts its executor in the middle of epoch 2, member 0's in the middle of epoch 3 (which
 * only the stuck member's last attempt reaches), and member 3 throws after epoch 1.
 */
@Tag("spark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkBackendTest {

    @TempDir
    static Path data;

    @TempDir
    static Path runs;

    private static SparkBackend spark;

    @BeforeAll
    static void start() throws Exception {
        TinyRuns.writeIdxFolder(data, 300, 50);
        System.setProperty(ExecutorFault.PROPERTY, "exit:1:2,exit:0:3,throw:3:1");
        spark = new SparkBackend(new SparkSettings(Map.of(SparkSettings.MASTER, "local-cluster[2,1,1024]",
                SparkSettings.STORAGE, store().toUri().toString())), 2); // file:///...: Hadoop's local file system
    }

    @AfterAll
    static void stop() {
        spark.close();
        System.clearProperty(ExecutorFault.PROPERTY);
    }

    private static Path store() {
        return runs.resolve("store");
    }

    /** K members for a few epochs on tiny images, one intra-op thread each (as this JVM's engine runs). */
    static RunSpec spec(int members, int epochs) {
        return new RunSpec(TinyRuns.idx(data, 200, 100), CaeSpec.mnist(), members, 7, TrainingOptions.paper(epochs), 1);
    }

    /** One member that cannot learn (a step size of 1e-9), 50 steps an epoch: found stuck after epoch 2, restarted from the run's next seeds. */
    static RunSpec stuckSpec() {
        return new RunSpec(TinyRuns.idx(data, 200, 100), CaeSpec.mnist(), 1, 7, TrainingOptions.paper(3).withBatchSize(4).withLearningRate(1e-9f).withRestartStuck(true), 1);
    }

    static RunManifest train(Path dir, RunSpec spec, Backend backend, EnsembleListener listener) {
        return Training.run(Training.start(spec, dir, backend), backend, listener);
    }

    /** Every epoch's losses, as member, epoch, train loss and validation loss: the numbers, without the clock. */
    static List<String> lossesOf(Path dir) {
        return RunDirectory.open(dir).readMetrics().stream()
                .map(r -> r.member() + "," + r.epoch() + "," + r.trainLoss() + "," + r.valLoss()).toList();
    }

    @Test
    @Order(1)
    void threeMembersOnTwoExecutorsGiveInlineNumbersBitForBitEvenWhenAnExecutorIsLostMidMember() throws Exception {
        RunManifest inline;
        try (Backend backend = new InlineBackend()) {
            inline = train(runs.resolve("inline"), spec(3, 2), backend, EnsembleListener.NONE);
        }
        List<EpochRecord> heard = new ArrayList<>();
        List<MemberStatus> ended = new ArrayList<>();
        List<String> retried = new ArrayList<>();
        RunManifest onSpark = train(runs.resolve("spark"), spec(3, 2), spark, new EnsembleListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                heard.add(record);
            }

            @Override
            public void onRetry(int member, int firstEpoch, String where) {
                retried.add(member + " from " + firstEpoch + " " + where);
            }

            @Override
            public void onMemberDone(MemberStatus status) {
                ended.add(status);
            }
        });

        assertThat(inline.anyFailed()).isFalse();
        assertThat(onSpark.members()).allMatch(MemberStatus::isFinished);
        List<String> expected = lossesOf(runs.resolve("inline"));
        assertThat(expected).hasSize(6);
        assertThat(lossesOf(runs.resolve("spark"))).containsExactlyElementsOf(expected);
        for (int k = 0; k < 3; k++) {
            Path inStore = store().resolve("members").resolve(String.format("m%02d", k)).resolve("epoch-002.params");
            Path inRun = RunDirectory.open(runs.resolve("spark")).checkpoint(k, 2);
            assertThat(Files.readAllBytes(inRun))
                    .as("member %d's weights and optimiser state after epoch 2", k)
                    .isEqualTo(Files.readAllBytes(inStore))
                    .isEqualTo(Files.readAllBytes(RunDirectory.open(runs.resolve("inline")).checkpoint(k, 2)));
        }
        // progress reached the driver live: every epoch once, every member's end once
        assertThat(heard).hasSize(6);
        assertThat(heard.stream().map(r -> r.member() + ":" + r.epoch()).distinct()).hasSize(6);
        assertThat(ended).extracting(MemberStatus::member).containsExactlyInAnyOrder(0, 1, 2);

        // member 1's executor was halted during epoch 2; a new attempt resumed it from its epoch-1 checkpoint on the storage
        RunManifest stored = RunDirectory.open(runs.resolve("spark")).readManifest();
        MemberStatus lost = stored.members().get(1);
        assertThat(lost.attempts()).hasSize(2);
        assertThat(lost.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.LOST);
        assertThat(lost.attempts().get(0).reason()).containsIgnoringCase("executor");
        assertThat(lost.attempts().get(1).outcome()).isEqualTo(AttemptOutcome.COMPLETED);
        assertThat(lost.attempts()).extracting(a -> a.host()).as("one name for the machine, whoever reports the attempt")
                .containsOnly("127.0.0.1");
        // the driver said so as it happened: the member, the epoch it resumes with, where it runs now and what ended the lost attempt
        assertThat(retried).singleElement().asString()
                .startsWith("1 from 2 on executor " + lost.attempts().get(1).executor() + " (127.0.0.1), attempt 1; attempt 0 on executor "
                        + lost.attempts().get(0).executor() + " (127.0.0.1) ended: ")
                .containsIgnoringCase("executor");
        assertThat(stored.members().get(0).attempts()).singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo(AttemptOutcome.COMPLETED))
                .satisfies(a -> assertThat(a.executor()).isNotBlank());
        assertThat(stored.invocations()).last().satisfies(i -> {
            assertThat(i.execution().backend()).isEqualTo(SparkBackend.NAME);
            assertThat(i.execution().workers()).isEqualTo(2);
        });
        try (var leftovers = Files.walk(store())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    @Order(2)
    void aMemberThatThrowsFailsAloneWhileTheOthersFinish() {
        RunManifest done = train(runs.resolve("throws"), spec(4, 1), spark, EnsembleListener.NONE);

        assertThat(done.members()).extracting(MemberStatus::state)
                .containsExactly(MemberState.FINISHED, MemberState.FINISHED, MemberState.FINISHED, MemberState.FAILED);
        assertThat(done.members().get(3).error()).contains("test fault: member 3 throws after epoch 1");
        // a training failure is the member's outcome, not a lost executor: it is not retried
        assertThat(done.members().get(3).attempts()).singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo(AttemptOutcome.COMPLETED));
        assertThat(RunDirectory.open(runs.resolve("throws")).readMetrics()).extracting(EpochRecord::member).containsExactly(0, 1, 2, 3);
    }

    @Test
    @Order(3)
    void aStuckMemberRestartsFromInlinesSeedsAndResumesItsLastAttemptAfterALostExecutor() throws Exception {
        RunManifest inline;
        try (Backend backend = new InlineBackend()) {
            inline = train(runs.resolve("stuck-inline"), stuckSpec(), backend, EnsembleListener.NONE);
        }
        List<String> restartsHeard = new ArrayList<>();
        RunManifest onSpark = train(runs.resolve("stuck-spark"), stuckSpec(), spark, new EnsembleListener() {
            @Override
            public void onRestart(int member, long seed, String reason) {
                restartsHeard.add(member + ":" + seed);
            }
        });

        // restarts from the same seeds as inline; the attempts set aside on the storage survived the lost executor,
        // and the last attempt resumed from its epoch-2 checkpoint with inline's numbers
        RunSpec spec = stuckSpec();
        MemberStatus member = onSpark.members().get(0);
        assertThat(inline.members().get(0).restarts()).hasSize(StuckMemberRule.MAX_RESTARTS);
        assertThat(member.isFinished()).as("finished: %s", member.error()).isTrue();
        assertThat(member.restarts()).extracting(MemberStatus.Restart::seed)
                .containsExactlyElementsOf(inline.members().get(0).restarts().stream().map(MemberStatus.Restart::seed).toList());
        assertThat(member.seed()).isEqualTo(spec.memberSeed(0, StuckMemberRule.MAX_RESTARTS));
        assertThat(member.attempts()).extracting(a -> a.outcome()).containsExactly(AttemptOutcome.LOST, AttemptOutcome.COMPLETED);
        assertThat(restartsHeard).containsExactly("0:" + spec.memberSeed(0, 1), "0:" + spec.memberSeed(0, 2), "0:" + spec.memberSeed(0, 3));
        assertThat(lossesOf(runs.resolve("stuck-spark"))).hasSize(3).containsExactlyElementsOf(lossesOf(runs.resolve("stuck-inline")));
        RunDirectory run = RunDirectory.open(runs.resolve("stuck-spark"));
        RunDirectory inlineRun = RunDirectory.open(runs.resolve("stuck-inline"));
        assertThat(run.stuckAttempts(0)).hasSize(StuckMemberRule.MAX_RESTARTS);
        for (int a = 0; a < StuckMemberRule.MAX_RESTARTS; a++) {
            assertThat(run.stuckAttempts(0).get(a).epochs()).extracting(r -> r.trainLoss() + "/" + r.valLoss())
                    .containsExactlyElementsOf(inlineRun.stuckAttempts(0).get(a).epochs().stream()
                            .map(r -> r.trainLoss() + "/" + r.valLoss()).toList());
        }
        assertThat(Files.readAllBytes(run.checkpoint(0, 3))).isEqualTo(Files.readAllBytes(inlineRun.checkpoint(0, 3)));
    }

    @Test
    @Order(4)
    void theEagerStopDecidesOnSparkAsInlineEvenWhenExecutorsAreLostInItsRounds() {
        // rounds of one epoch are jobs of their own; members 1 (epoch 2) and 0 (epoch 3) lose their executor on a first attempt
        RunSpec auto = new RunSpec(TinyRuns.idx(data, 200, 100), CaeSpec.mnist(), 3, 7,
                TrainingOptions.paper(3).withStop(new StoppingRule.Auto(3, 0, 100)), 1);
        RunManifest inline;
        try (Backend backend = new InlineBackend()) {
            inline = train(runs.resolve("auto-inline"), auto, backend, EnsembleListener.NONE);
        }
        RunManifest onSpark = train(runs.resolve("auto-spark"), auto, spark, EnsembleListener.NONE);
        assertThat(lossesOf(runs.resolve("auto-spark"))).containsExactlyElementsOf(lossesOf(runs.resolve("auto-inline")));
        assertThat(probeScores(runs.resolve("auto-spark"))).hasSize(4).containsExactlyElementsOf(probeScores(runs.resolve("auto-inline")));
        assertThat(onSpark.members()).extracting(MemberStatus::stopReason)
                .containsExactlyElementsOf(inline.members().stream().map(MemberStatus::stopReason).toList());
        assertThat(onSpark.members()).extracting(MemberStatus::state).containsOnly(MemberState.FINISHED);
        RunDirectory sparkRun = RunDirectory.open(runs.resolve("auto-spark"));
        for (int m = 0; m < 3; m++) { // each executor scored its member's epochs, and the files came back with its checkpoints
            for (int e = 0; e <= 3; e++) {
                assertThat(sparkRun.member(m).probeScores(e)).as("member %d, epoch %d", m, e).isRegularFile();
            }
        }
    }

    /** The probe's scores by epoch, without its seconds. */
    private static List<String> probeScores(Path dir) {
        return RunDirectory.open(dir).readProbe().stream().map(r -> r.epoch() + ":" + r.voteAccuracy() + ":" + r.memberAccuracies()).toList();
    }
}

package org.eagerae.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.data.DataSource;
import org.eagerae.model.CaeSpec;
import org.eagerae.testing.IdxFiles;
import org.eagerae.testing.TinyImages;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains small ensembles with both backends, in real worker processes, on IDX files written here. */
class EnsembleTest {

    @TempDir
    static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeData() throws Exception {
        IdxFiles.writeMnistLayout(data, TinyImages.bars(500, 1, 28, 10, 1), TinyImages.bars(100, 1, 28, 10, 2));
    }

    /** K members for a few epochs, one intra-op thread each (as this JVM's engine runs). */
    static RunSpec spec(int members, int epochs, boolean bootstrap) {
        DataSource source = new DataSource("idx", data.toString(), data.toString(), 200, 100, 0, 1);
        return new RunSpec(source, CaeSpec.mnist(), members, 4, new TrainingOptions(100, 1e-3f, epochs, new StoppingRule.None(), bootstrap), 1);
    }

    static RunManifest train(Path dir, RunSpec spec, Backend backend) {
        return train(dir, spec, backend, EnsembleListener.NONE);
    }

    static RunManifest train(Path dir, RunSpec spec, Backend backend, EnsembleListener listener) {
        RunDirectory run = RunDirectory.create(dir);
        RunManifest manifest = RunManifest.start(spec);
        run.writeManifest(manifest);
        try (backend) {
            return Ensemble.train(run, manifest, backend, listener);
        }
    }

    /** Continues the run in {@code dir} on {@code backend}, as {@code train --resume} does. */
    static RunManifest resume(Path dir, Backend backend) {
        RunDirectory run = RunDirectory.open(dir);
        try (backend) {
            return Ensemble.train(run, run.readManifest(), backend, EnsembleListener.NONE);
        }
    }

    @Test
    void processesAndInlineGiveTheSameNumbersAndEveryEpochIsOnDisk() {
        RunManifest inline = train(tmp.resolve("inline"), spec(3, 2, false), new InlineBackend());
        RunManifest processes = train(tmp.resolve("processes"), spec(3, 2, false), new ProcessBackend(2));
        assertThat(inline.anyFailed()).isFalse();
        List<String> a = losses(tmp.resolve("inline"));
        assertThat(a).hasSize(6);
        assertThat(losses(tmp.resolve("processes"))).containsExactlyElementsOf(a);
        // members start from different weights, so their losses differ
        assertThat(a.get(0)).isNotEqualTo(a.get(2));

        RunDirectory run = RunDirectory.open(tmp.resolve("processes"));
        for (int k = 0; k < 3; k++) {
            for (int e = 1; e <= 2; e++) {
                assertThat(run.checkpoint(k, e)).isRegularFile();
            }
            assertThat(run.member(k).epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2);
        }
        RunManifest stored = run.readManifest();
        assertThat(stored).isEqualTo(processes);
        assertThat(stored.finishedAt()).isNotNull();
        assertThat(stored.members()).extracting(MemberStatus::state).containsOnly(MemberState.FINISHED);
        assertThat(stored.members()).extracting(MemberStatus::stopReason).allMatch(r -> r.startsWith("max epochs"));
        assertThat(stored.members()).extracting(MemberStatus::seed)
                .containsExactly(stored.spec().memberSeed(0), stored.spec().memberSeed(1), stored.spec().memberSeed(2))
                .doesNotHaveDuplicates();
        assertThat(stored.invocations()).singleElement().extracting(RunManifest.Invocation::execution).isEqualTo(Execution.processes(2));
        assertThat(run.lockFile()).as("the lock is released").doesNotExist();
        assertThat(workerPids()).as("the backend's workers end with it").isEmpty();
    }

    /**
     * Five members on two workers take their epochs in turns, moving between the workers through
     * their checkpoints: losses and checkpoint bytes (weights and Adam's state) are those of the
     * members trained one after the other in one go, and the run's clock has every epoch.
     */
    @Test
    void membersInLockstepOnFewerWorkersHaveTheNumbersOfMembersTrainedInOneGo() throws Exception {
        RunSpec spec = spec(5, 3, false);
        train(tmp.resolve("inline"), spec, new InlineBackend());
        List<Integer> turns = new ArrayList<>();
        RunManifest done = train(tmp.resolve("lockstep"), spec, new ProcessBackend(2), new EnsembleListener() {
            @Override
            public void onStart(int member, int firstEpoch, int maxEpochs, int batches) {
                turns.add(member);
            }
        });
        assertThat(done.anyFailed()).isFalse();
        assertThat(done.members()).extracting(MemberStatus::epochs).containsOnly(3);
        assertThat(turns).as("members took turns: " + turns).hasSizeGreaterThan(10);
        assertThat(turns.subList(0, 5)).as("every member's first epoch before any member's second").containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(losses(tmp.resolve("lockstep"))).hasSize(15).containsExactlyElementsOf(losses(tmp.resolve("inline")));
        RunDirectory a = RunDirectory.open(tmp.resolve("inline"));
        RunDirectory b = RunDirectory.open(tmp.resolve("lockstep"));
        for (int k = 0; k < 5; k++) {
            for (int e = 1; e <= 3; e++) {
                assertThat(Files.readAllBytes(b.checkpoint(k, e))).as("m" + k + " epoch " + e).isEqualTo(Files.readAllBytes(a.checkpoint(k, e)));
            }
        }
        RunSchedule schedule = b.readSchedule();
        assertThat(schedule.entries()).hasSize(15);
        assertThat(schedule.entries()).allSatisfy(e -> assertThat(e.endSeconds()).isGreaterThanOrEqualTo(e.startSeconds()));
        double third = schedule.allEnded(5, 3).orElseThrow();
        assertThat(third).isEqualTo(schedule.lastEnd());
        assertThat(CheckpointChoice.atRunTime(b, third)).extracting(c -> c.record().epoch()).containsOnly(3);
        assertThat(CheckpointChoice.atRunTime(b, schedule.allEnded(5, 1).orElseThrow())).extracting(c -> c.record().epoch())
                .as("when the last member finished its first epoch, none had finished its third").doesNotContain(3).contains(1);
    }

    /**
     * One worker trains five members in turn; each of the first four makes it misbehave in its own
     * way. Each fails alone, the worker is replaced, no member stays pending, and resuming the run
     * inline gives the numbers of an uninterrupted run.
     */
    @Test
    void eachMisbehavingWorkerFailsOnlyItsMemberAndTheRunResumesOnAnotherBackend() {
        RunSpec spec = spec(5, 2, false);
        Path dir = tmp.resolve("faults");
        List<Long> pids = new ArrayList<>();
        System.setProperty(FaultHook.PROPERTY, "stray-line:0:1,foreign-job:1:1,stall:3:2");
        RunManifest done;
        try {
            done = train(dir, spec, new ProcessBackend(1), new EnsembleListener() {
                @Override
                public void onBatch(int member, int epoch, int batch, int batches, double loss) {
                    pids.addAll(workerPids());
                    if (member == 3 && epoch == 2 && batch == 1) {
                        killTheWorker(); // mid-epoch: the worker stalls after this batch
                    }
                }

                @Override
                public void onEpoch(EpochRecord record) {
                    if (record.member() == 2 && record.epoch() == 1) {
                        throw new java.io.UncheckedIOException(new java.io.IOException("metrics.csv is briefly unwritable"));
                    }
                }
            });
        } finally {
            System.clearProperty(FaultHook.PROPERTY);
        }
        List<MemberStatus> m = done.members();
        assertThat(m).as(m.toString()).extracting(MemberStatus::state).containsExactly(MemberState.FAILED, MemberState.FAILED, MemberState.FAILED,
                MemberState.FAILED, MemberState.FINISHED);
        assertThat(m.get(0).error()).contains("the worker sent a line that is not a WorkerEvent");
        assertThat(m.get(1).error()).contains("the worker sent an event of job");
        assertThat(m.get(2).error()).contains("while handling member 2's epoch event").contains("briefly unwritable")
                .contains("the worker was ended");
        assertThat(m.get(3).error()).contains("worker process died").contains("after epoch 1");
        assertThat(m.get(4).epochs()).isEqualTo(2);
        assertThat(pids.stream().distinct().count()).as("a fresh worker after each failure").isEqualTo(5);
        assertThat(RunDirectory.open(dir).readManifest().members()).extracting(MemberStatus::state).doesNotContain(MemberState.PENDING);

        train(tmp.resolve("whole"), spec, new InlineBackend());
        RunManifest resumed = resume(dir, new InlineBackend());
        assertThat(resumed.members()).extracting(MemberStatus::state).containsOnly(MemberState.FINISHED);
        assertThat(losses(dir)).hasSize(10).containsExactlyElementsOf(losses(tmp.resolve("whole")));
        assertThat(resumed.invocations()).extracting(i -> i.execution().backend()).containsExactly("processes", "inline");
    }

    @Test
    void aRunStartedInlineResumesOnWorkersWithTheSameNumbers() {
        RunSpec spec = spec(2, 3, false);
        train(tmp.resolve("whole"), spec, new InlineBackend());
        RunManifest cut = train(tmp.resolve("cut"), spec, new InlineBackend(), failAtEpoch(2));
        assertThat(cut.members()).extracting(MemberStatus::state).containsOnly(MemberState.FAILED);
        assertThat(resume(tmp.resolve("cut"), new ProcessBackend(2)).anyFailed()).isFalse();
        assertThat(losses(tmp.resolve("cut"))).hasSize(6).containsExactlyElementsOf(losses(tmp.resolve("whole")));
    }

    /** A listener whose failure at a member's epoch interrupts that member after the epoch is on disk. */
    private static EnsembleListener failAtEpoch(int epoch) {
        return new EnsembleListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                if (record.epoch() == epoch) {
                    throw new IllegalStateException("interrupted after epoch " + epoch);
                }
            }
        };
    }

    @Test
    void aWarmWorkerPoolServesSuccessiveRunsWithTheSameNumbers() {
        RunSpec spec = spec(2, 2, false);
        try (WorkerPool pool = new WorkerPool(1)) {
            List<Long> pids = new ArrayList<>();
            for (String name : List.of("first", "second")) {
                RunManifest done = train(tmp.resolve(name), spec, new ProcessBackend(pool, 1));
                assertThat(done.anyFailed()).isFalse();
                assertThat(RunDirectory.open(tmp.resolve(name)).workerLog(0)).exists();
                pids.addAll(pool.pids());
            }
            assertThat(pool.pids()).hasSize(1);
            assertThat(pids).as("the same worker JVM trained both runs").containsExactly(pids.get(0), pids.get(0));
            assertThat(losses(tmp.resolve("first"))).hasSize(4).containsExactlyElementsOf(losses(tmp.resolve("second")));
        }
        assertThat(workerPids()).as("closing the pool ends its workers").isEmpty();
    }

    @Test
    void aRunTrainedByAnotherLiveProcessIsRefused() {
        Path dir = tmp.resolve("locked");
        RunDirectory run = RunDirectory.create(dir);
        RunManifest manifest = RunManifest.start(spec(1, 1, false));
        run.writeManifest(manifest);
        try (RunLock held = run.lock(w -> { })) {
            assertThatThrownBy(() -> Ensemble.train(run, manifest, new InlineBackend(), EnsembleListener.NONE))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is in use by process " + ProcessHandle.current().pid())
                    .hasMessageContaining(Environment.host());
        }
        assertThat(run.member(0).epochs()).isEmpty();
    }

    @Test
    void aBackendThatLosesAMemberCannotLeaveItPending() {
        Path dir = tmp.resolve("lost");
        Backend forgetful = new Backend() {
            @Override
            public Execution execution() {
                return new Execution("forgetful", 1);
            }

            @Override
            public List<MemberStatus> run(RunDirectory run, RunSpec spec, List<MemberJob> jobs, EnsembleListener listener) {
                return List.of(); // a backend with a bug: no outcome for any job
            }
        };
        RunManifest done = train(dir, spec(2, 1, false), forgetful);
        assertThat(done.members()).extracting(MemberStatus::state).containsOnly(MemberState.FAILED);
        assertThat(done.members().get(0).error()).contains("no outcome");
        assertThat(RunDirectory.open(dir).readManifest().anyFailed()).isTrue();
    }

    @Test
    void refusesANonEmptyRunFolder() throws Exception {
        Path dir = tmp.resolve("used");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> RunDirectory.create(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not empty");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("keep me");
    }

    @Test
    void checkpointsAreChosenByBudgetAndByEpochNumber() {
        Path dir = tmp.resolve("budget");
        train(dir, spec(2, 3, false), new InlineBackend());
        RunDirectory run = RunDirectory.open(dir);
        List<EpochRecord> rows = run.readMetrics();
        // a budget that every member's first epoch fits (on a loaded machine member 1's first epoch may outlast member 0's second)
        double budget = Math.max(elapsed(rows, 0, 2), elapsed(rows, 1, 1));
        int expected = rows.stream().filter(r -> r.member() == 0 && r.elapsedSeconds() <= budget).mapToInt(EpochRecord::epoch).max().orElseThrow();
        List<CheckpointChoice> picks = CheckpointChoice.forBudget(run, budget);
        assertThat(picks.get(0).record().epoch()).isEqualTo(expected).isGreaterThanOrEqualTo(2);
        assertThat(picks.get(0).checkpoint()).isEqualTo(run.checkpoint(0, expected));
        assertThat(CheckpointChoice.forBudget(run, 1e6)).extracting(c -> c.record().epoch()).containsExactly(3, 3);
        assertThatThrownBy(() -> CheckpointChoice.forBudget(run, 1e-6)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shorter than member");
        assertThat(CheckpointChoice.forEpoch(run, 3)).extracting(c -> c.record().epoch()).containsExactly(3, 3);
        assertThatThrownBy(() -> CheckpointChoice.forEpoch(run, 4)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has epochs 1..3, not 4");
        assertThatThrownBy(() -> CheckpointChoice.forEpoch(run, 0)).isInstanceOf(InvalidInputException.class);
    }

    private static double elapsed(List<EpochRecord> rows, int member, int epoch) {
        return rows.stream().filter(r -> r.member() == member && r.epoch() == epoch).findFirst().orElseThrow().elapsedSeconds();
    }

    private static List<Long> workerPids() {
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(WorkerMain.class.getName()))
                .map(ProcessHandle::pid)
                .toList();
    }

    /** Kills the one worker JVM, as a crash would. */
    private static void killTheWorker() {
        List<Long> workers = workerPids();
        assertThat(workers).hasSize(1);
        ProcessHandle.of(workers.get(0)).orElseThrow().destroyForcibly();
    }

    /** Every row of the run's metrics.csv, losses exactly as written. */
    private static List<String> losses(Path dir) {
        return RunDirectory.open(dir).readMetrics().stream()
                .map(r -> r.member() + ":" + r.epoch() + ":" + r.trainLoss() + ":" + r.valLoss()).toList();
    }
}

package org.eagerae.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eagerae.testing.TinyRuns.losses;
import static org.eagerae.testing.TinyRuns.resume;
import static org.eagerae.testing.TinyRuns.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.data.DataSource;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.InlineBackend;
import org.eagerae.run.BackendName;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.Execution;
import org.eagerae.run.MemberState;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSchedule;
import org.eagerae.run.RunSpec;
import org.eagerae.testing.TinyRuns;
import org.eagerae.train.EpochRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains small ensembles in real worker processes, against the inline backend, on IDX files written here. */
@Tag("process")
class ProcessBackendTest {

    @TempDir
    static Path data;

    static DataSource source;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeData() throws Exception {
        source = TinyRuns.barsInIdx(data, 200, 100, 100);
    }

    @Test
    void processesAndInlineGiveTheSameNumbersAndEveryEpochIsOnDisk() {
        RunManifest inline = train(tmp.resolve("inline"), TinyRuns.spec(source, 3, 2, false), new InlineBackend());
        RunManifest processes = train(tmp.resolve("processes"), TinyRuns.spec(source, 3, 2, false), new ProcessBackend(2));
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
        RunSpec spec = TinyRuns.spec(source, 5, 3, false);
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
        // a turn is one epoch: each member starts three times
        assertThat(turns).as("members took turns: " + turns).hasSize(15);
        for (int k = 0; k < 5; k++) {
            int member = k;
            assertThat(turns.stream().filter(m -> m == member).count()).as("turns of m%d in %s", k, turns).isEqualTo(3);
        }
        // every member's first epoch is handed out before any member's second; the two workers report their starts on
        // threads of their own, so one worker's next start may be heard before the other's last first one
        assertThat(turns.subList(0, 6)).as("every member's first epoch before any member's second: " + turns).contains(0, 1, 2, 3, 4);
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
        assertThat(new CheckpointSelection.AtRunTime(third).choose(b)).extracting(c -> c.record().epoch()).containsOnly(3);
        assertThat(new CheckpointSelection.AtRunTime(schedule.allEnded(5, 1).orElseThrow()).choose(b)).extracting(c -> c.record().epoch())
                .as("when the last member finished its first epoch, none had finished its third").doesNotContain(3).contains(1);
    }

    /**
     * One worker trains five members in turn; each of the first four makes it misbehave in its own
     * way. Each fails alone, the worker is replaced, no member stays pending, and resuming the run
     * inline gives the numbers of an uninterrupted run.
     */
    @Test
    void eachMisbehavingWorkerFailsOnlyItsMemberAndTheRunResumesOnAnotherBackend() {
        RunSpec spec = TinyRuns.spec(source, 5, 2, false);
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
        assertThat(resumed.invocations()).extracting(i -> i.execution().backend()).containsExactly(BackendName.PROCESSES, BackendName.INLINE);
    }

    @Test
    void aRunStartedInlineResumesOnWorkersWithTheSameNumbers() {
        RunSpec spec = TinyRuns.spec(source, 2, 3, false);
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
        RunSpec spec = TinyRuns.spec(source, 2, 2, false);
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
}

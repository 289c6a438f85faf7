package org.eagerae.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eagerae.InvalidInputException;
import org.eagerae.data.DataSource;
import org.eagerae.model.CaeSpec;
import org.eagerae.testing.IdxFiles;
import org.eagerae.testing.TinyImages;
import org.eagerae.train.EpochRecord;
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

    static RunConfig config(int members, String backend, int epochs, boolean bootstrap) {
        return config(members, backend, epochs, bootstrap, 2);
    }

    static RunConfig config(int members, String backend, int epochs, boolean bootstrap, int workers) {
        DataSource source = new DataSource("idx", data.toString(), data.toString(), 200, 100, 0, 1);
        return new RunConfig(source, CaeSpec.mnist(), members, 4, 100, 1e-3f, epochs, "none", 0.001, 3, bootstrap,
                backend, workers, 1);
    }

    static RunManifest train(Path dir, RunConfig config) {
        RunDirectory run = RunDirectory.create(dir);
        RunManifest manifest = RunManifest.start(config);
        run.writeManifest(manifest);
        return Ensemble.train(run, manifest, EnsembleListener.NONE);
    }

    @Test
    void processesAndInlineGiveTheSameLossesPerMember() {
        RunManifest inline = train(tmp.resolve("inline"), config(3, "inline", 2, false));
        RunManifest processes = train(tmp.resolve("processes"), config(3, "processes", 2, false));
        assertThat(inline.anyFailed()).isFalse();
        assertThat(processes.anyFailed()).isFalse();
        List<String> a = losses(RunDirectory.open(tmp.resolve("inline")).readMetrics());
        List<String> b = losses(RunDirectory.open(tmp.resolve("processes")).readMetrics());
        assertThat(a).hasSize(6);
        assertThat(b).containsExactlyElementsOf(a);
        // members start from different weights, so their losses differ
        assertThat(a.get(0)).isNotEqualTo(a.get(2));
    }

    @Test
    void everyMemberHasACheckpointAndARowPerEpochAndRunJsonSaysWhy() {
        Path dir = tmp.resolve("run");
        RunManifest m = train(dir, config(2, "processes", 3, true));
        RunDirectory run = RunDirectory.open(dir);
        for (int k = 0; k < 2; k++) {
            for (int e = 1; e <= 3; e++) {
                assertThat(run.checkpoint(k, e)).isRegularFile();
            }
        }
        Map<Integer, Long> rows = run.readMetrics().stream().collect(Collectors.groupingBy(EpochRecord::member, Collectors.counting()));
        assertThat(rows).containsEntry(0, 3L).containsEntry(1, 3L);
        RunManifest stored = run.readManifest();
        assertThat(stored.finishedAt()).isNotNull();
        assertThat(stored.members()).extracting(MemberStatus::state).containsOnly("finished");
        assertThat(stored.members()).extracting(MemberStatus::stopReason).allMatch(r -> r.startsWith("max epochs"));
        assertThat(stored.members()).extracting(MemberStatus::seed)
                .containsExactly(m.config().memberSeed(0), m.config().memberSeed(1))
                .doesNotHaveDuplicates();
        assertThat(m.config().bootstrap()).isTrue();
    }

    @Test
    void aWorkerThatDiesFailsOnlyItsMember() throws Exception {
        Path dir = tmp.resolve("crash");
        RunDirectory run = RunDirectory.create(dir);
        RunConfig config = config(2, "processes", 10, false, 1);
        RunManifest manifest = RunManifest.start(config);
        run.writeManifest(manifest);
        RunManifest done = Ensemble.train(run, manifest, new EnsembleListener() {
            private boolean killed;

            @Override
            public void onEpoch(EpochRecord record) {
                if (!killed && record.member() == 0 && record.epoch() == 2) {
                    killed = true;
                    killTheWorker();
                }
            }
        });
        assertThat(done.members().get(0).state()).isEqualTo("failed");
        assertThat(done.members().get(0).error()).contains("worker process died").contains("after epoch");
        // a fresh worker takes the next member, which finishes
        assertThat(done.members().get(1).state()).isEqualTo("finished");
        assertThat(done.members().get(1).epochs()).isEqualTo(10);
        assertThat(run.readManifest().anyFailed()).isTrue();
    }

    @Test
    void aWarmWorkerPoolServesSuccessiveRunsWithTheSameNumbers() throws Exception {
        RunConfig config = config(2, "processes", 2, false, 1);
        try (WorkerPool pool = new WorkerPool(1)) {
            List<Long> pids = new java.util.ArrayList<>();
            for (String name : List.of("first", "second")) {
                RunDirectory run = RunDirectory.create(tmp.resolve(name));
                RunManifest manifest = RunManifest.start(config);
                run.writeManifest(manifest);
                RunManifest done = Ensemble.train(run, manifest, EnsembleListener.NONE, new ProcessBackend(pool));
                assertThat(done.anyFailed()).isFalse();
                assertThat(run.root().resolve("logs").resolve("worker-0.log")).exists();
                pids.add(workerPids().get(0));
            }
            assertThat(workerPids()).hasSize(1);
            assertThat(pids.get(1)).as("the same worker JVM trained both runs").isEqualTo(pids.get(0));
            List<String> first = losses(RunDirectory.open(tmp.resolve("first")).readMetrics());
            assertThat(first).hasSize(4).containsExactlyElementsOf(losses(RunDirectory.open(tmp.resolve("second")).readMetrics()));
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
        List<ProcessHandle> workers = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(WorkerMain.class.getName()))
                .toList();
        assertThat(workers).hasSize(1);
        workers.get(0).destroyForcibly();
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
    void checkpointsAreChosenByBudget() {
        Path dir = tmp.resolve("budget");
        train(dir, config(2, "inline", 3, false));
        RunDirectory run = RunDirectory.open(dir);
        List<EpochRecord> rows = run.readMetrics();
        EpochRecord m0e2 = rows.stream().filter(r -> r.member() == 0 && r.epoch() == 2).findFirst().orElseThrow();
        List<CheckpointChoice> picks = CheckpointChoice.forBudget(run, m0e2.elapsedSeconds());
        assertThat(picks.get(0).record().epoch()).isEqualTo(2);
        assertThat(picks.get(0).checkpoint()).isEqualTo(run.checkpoint(0, 2));
        assertThat(CheckpointChoice.forBudget(run, 1e6)).extracting(c -> c.record().epoch()).containsExactly(3, 3);
        assertThatThrownBy(() -> CheckpointChoice.forBudget(run, 1e-6)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shorter than member");
    }

    private static List<String> losses(List<EpochRecord> rows) {
        return rows.stream().map(r -> r.member() + ":" + r.epoch() + ":" + r.trainLoss() + ":" + r.valLoss()).toList();
    }
}

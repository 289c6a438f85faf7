package org.eagerae.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eagerae.testing.TinyRuns.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.data.DataSource;
import org.eagerae.run.BackendName;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.Environment;
import org.eagerae.run.Execution;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberState;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunLock;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.testing.TinyRuns;
import ai.djl.ndarray.NDManager;
import org.eagerae.model.Cae;
import org.eagerae.train.Checkpoint;
import org.eagerae.train.EpochRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts, refuses and reads small inline runs on IDX files written here. */
class EnsembleTest {

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
    void aRunTrainedByAnotherLiveProcessIsRefused() {
        Path dir = tmp.resolve("locked");
        RunDirectory run = RunDirectory.create(dir);
        RunManifest manifest = RunManifest.start(TinyRuns.spec(source, 1, 1, false));
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
                return new Execution(BackendName.of("forgetful"), 1);
            }

            @Override
            public List<MemberStatus> run(RunDirectory run, RunSpec spec, List<MemberJob> jobs, EnsembleListener listener) {
                return List.of(); // a backend with a bug: no outcome for any job
            }
        };
        RunManifest done = train(dir, TinyRuns.spec(source, 2, 1, false), forgetful);
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
        train(dir, TinyRuns.spec(source, 2, 3, false), new InlineBackend());
        RunDirectory run = RunDirectory.open(dir);
        List<EpochRecord> rows = run.readMetrics();
        // a budget that every member's first epoch fits (on a loaded machine member 1's first epoch may outlast member 0's second)
        double budget = Math.max(elapsed(rows, 0, 2), elapsed(rows, 1, 1));
        int expected = rows.stream().filter(r -> r.member() == 0 && r.elapsedSeconds() <= budget).mapToInt(EpochRecord::epoch).max().orElseThrow();
        List<CheckpointChoice> picks = new CheckpointSelection.Budget(budget).choose(run);
        assertThat(picks.get(0).record().epoch()).isEqualTo(expected).isGreaterThanOrEqualTo(2);
        assertThat(picks.get(0).checkpoint()).isEqualTo(run.checkpoint(0, expected));
        assertThat(new CheckpointSelection.Budget(1e6).choose(run)).extracting(c -> c.record().epoch()).containsExactly(3, 3);
        assertThat(new CheckpointSelection.Budget(1e-6).choose(run)).as("a budget shorter than every first epoch: the initial weights")
                .extracting(CheckpointChoice::checkpoint).containsExactly(run.checkpoint(0, 0), run.checkpoint(1, 0));
        assertThat(new CheckpointSelection.Epoch(3).choose(run)).extracting(c -> c.record().epoch()).containsExactly(3, 3);
        assertThatThrownBy(() -> new CheckpointSelection.Epoch(4).choose(run)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has epochs 1..3, not 4");
        assertThat(new CheckpointSelection.Epoch(0).choose(run)).extracting(c -> c.record().epoch()).containsExactly(0, 0);
        assertThatThrownBy(() -> new CheckpointSelection.Epoch(-1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void everyMemberKeepsItsInitialWeightsAsEpochZero() throws Exception {
        Path dir = tmp.resolve("zero");
        RunSpec spec = TinyRuns.spec(source, 2, 1, false);
        train(dir, spec, new InlineBackend());
        RunDirectory run = RunDirectory.open(dir);
        for (int k = 0; k < 2; k++) {
            Checkpoint zero = Checkpoint.read(run.checkpoint(k, 0));
            assertThat(zero.epoch()).isZero();
            assertThat(zero.adamSteps()).isZero();
            try (NDManager manager = NDManager.newBaseManager(); Cae fresh = Cae.create(spec.model(), manager, spec.memberSeed(k))) {
                List<float[]> initial = fresh.parameters().stream().map(p -> p.getArray().toFloatArray()).toList();
                assertThat(zero.weights()).hasSameSizeAs(initial);
                for (int i = 0; i < initial.size(); i++) {
                    assertThat(zero.weights().get(i)).as("member %d parameter %d", k, i).containsExactly(initial.get(i));
                }
            }
        }
        assertThat(run.readMetrics()).as("epoch 0 has no row").extracting(EpochRecord::epoch).containsExactly(1, 1);
    }

    private static double elapsed(List<EpochRecord> rows, int member, int epoch) {
        return rows.stream().filter(r -> r.member() == member && r.epoch() == epoch).findFirst().orElseThrow().elapsedSeconds();
    }
}

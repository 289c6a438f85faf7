package org.eagerae.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eagerae.testing.TinyRuns.losses;
import static org.eagerae.testing.TinyRuns.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eagerae.classify.ValidationProbe;
import org.eagerae.data.DataSource;
import org.eagerae.model.CaeSpec;
import org.eagerae.run.MemberState;
import org.eagerae.run.MemberStatus;
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

/** {@code --stop auto} on a small inline run: the probe's rows, the decision, the same numbers as a fixed run, and a resume. */
class EagerStopTest {

    @TempDir
    static Path data;

    static DataSource source;

    static final StoppingRule.Auto RULE = new StoppingRule.Auto(3, 0, 100);

    /** A rule that stops at the first epoch without a better vote. */
    static final StoppingRule.Auto QUICK = new StoppingRule.Auto(1, 0, 100);

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
    void probesEveryEpochFromZeroStopsAtTheRulesFirstStopAndKeepsTheNumbersOfAFixedRun() {
        List<ProbeRecord> heard = new ArrayList<>();
        RunManifest done = train(tmp.resolve("auto"), spec(RULE, 5), new InlineBackend(), new EnsembleListener() {
            @Override
            public void onProbe(ProbeRecord row, int images) {
                heard.add(row);
            }
        });
        RunDirectory run = RunDirectory.open(tmp.resolve("auto"));
        List<ProbeRecord> rows = run.readProbe();
        int last = rows.get(rows.size() - 1).epoch();
        assertThat(rows).isEqualTo(heard);
        assertThat(rows).extracting(ProbeRecord::epoch).containsExactlyElementsOf(Stream.iterate(0, e -> e + 1).limit(last + 1).toList());
        for (ProbeRecord r : rows) {
            assertThat(r.memberAccuracies()).hasSize(2).allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));
            assertThat(r.probeSeconds()).isPositive();
        }
        assertThat(rows.get(0).runSeconds()).isZero();
        assertThat(rows.get(last).runSeconds()).isGreaterThan(rows.get(1).runSeconds() - 1e-9).isPositive();
        // the decision is the rule's first stop on the recorded curve, or the epoch cap
        for (int n = 1; n < rows.size(); n++) {
            assertThat(RULE.ensembleStopReason(rows.subList(0, n))).as("no stop after epoch %d", n - 1).isEmpty();
        }
        String reason = RULE.ensembleStopReason(rows).orElse("max epochs: 5");
        assertThat(done.members()).allSatisfy(m -> {
            assertThat(m.state()).isEqualTo(MemberState.FINISHED);
            assertThat(m.epochs()).isEqualTo(last);
            assertThat(m.stopReason()).isEqualTo(reason);
        });
        // the bars are learnt: the probe's vote is far above chance (0.1) once the members have trained
        assertThat(rows.get(last).voteAccuracy()).isGreaterThan(0.5);
        // members trained in rounds have the numbers of members trained in one go
        train(tmp.resolve("fixed"), spec(new StoppingRule.None(), last), new InlineBackend());
        assertThat(losses(tmp.resolve("auto"))).isEqualTo(losses(tmp.resolve("fixed")));
        // each member scored its epochs from its own validation pass, with the numbers of its checkpoints scored afresh
        assertProbeFilesEqualCheckpointScores(run, new ValidationProbe(CaeSpec.mnist(), source.load().validation(), RULE.probeImages()), 2, last);
        assertThat(Files.exists(RunDirectory.open(tmp.resolve("fixed")).member(0).probeScores(1))).isFalse();
    }

    @Test
    void probeScoresFromTheValidationPassEqualTheCheckpointsWhereTheProbeTakesPartOfABatch() throws IOException {
        // 700 validation images pass in batches of 500 and 200; the probe's first 600 are scored in batches of 500 and 100
        DataSource bigger = TinyRuns.barsInIdx(tmp.resolve("data"), 100, 700, 10);
        StoppingRule.Auto rule = new StoppingRule.Auto(5, 0, 600);
        RunSpec one = new RunSpec(bigger, CaeSpec.mnist(), 1, 3, TrainingOptions.paper(1).withBatchSize(50).withStop(rule), 1);
        train(tmp.resolve("part"), one, new InlineBackend());
        RunDirectory run = RunDirectory.open(tmp.resolve("part"));
        assertProbeFilesEqualCheckpointScores(run, new ValidationProbe(CaeSpec.mnist(), bigger.load().validation(), 600), 1, 1);
    }

    @Test
    void aProbeFileThatIsDamagedOrOfAnotherProbeIsNotRead() throws IOException {
        ValidationProbe probe = new ValidationProbe(CaeSpec.mnist(), source.load().validation(), 100);
        double[] scores = new double[100 * probe.classes()];
        scores[7] = 0.25;
        Path file = tmp.resolve("probe-001.bin");
        MemberProbeFile.write(file, 1, 100, new ValidationProbe.MemberScores(scores, 0.5), 0.125);
        ProbeReplay.Scored read = MemberProbeFile.read(file, 1, probe).orElseThrow();
        assertThat(read.scores().scores()).isEqualTo(scores);
        assertThat(read.scores().accuracy()).isEqualTo(0.5);
        assertThat(read.seconds()).isEqualTo(0.125);
        assertThat(MemberProbeFile.read(file, 2, probe)).as("another epoch").isEmpty();
        assertThat(MemberProbeFile.read(file, 1, new ValidationProbe(CaeSpec.mnist(), source.load().validation(), 60))).as("another probe").isEmpty();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        assertThat(MemberProbeFile.read(file, 1, probe)).as("cut short").isEmpty();
        assertThat(MemberProbeFile.read(tmp.resolve("probe-009.bin"), 9, probe)).as("missing").isEmpty();
    }

    private static void assertProbeFilesEqualCheckpointScores(RunDirectory run, ValidationProbe probe, int members, int lastEpoch) {
        for (int m = 0; m < members; m++) {
            for (int e = 0; e <= lastEpoch; e++) {
                ProbeReplay.Scored written = MemberProbeFile.read(run.member(m).probeScores(e), e, probe)
                        .orElseThrow(() -> new AssertionError("no probe file"));
                ValidationProbe.MemberScores fresh = probe.member(run.checkpoint(m, e));
                assertThat(written.scores().scores()).as("member %d, epoch %d", m, e).isEqualTo(fresh.scores());
                assertThat(written.scores().accuracy()).isEqualTo(fresh.accuracy());
                assertThat(written.seconds()).isPositive();
            }
        }
    }

    @Test
    void oneModelIsProbedAsAnEnsembleOfOneWhoseVoteIsItsOwnAccuracy() {
        RunSpec one = new RunSpec(source, CaeSpec.mnist(), 1, 3, TrainingOptions.paper(3).withBatchSize(50).withStop(RULE), 1);
        RunManifest done = train(tmp.resolve("one"), one, new InlineBackend());
        List<ProbeRecord> rows = RunDirectory.open(tmp.resolve("one")).readProbe();
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.memberAccuracies()).containsExactly(r.voteAccuracy()));
        assertThat(done.members().get(0).epochs()).isEqualTo(rows.get(rows.size() - 1).epoch());
    }

    @Test
    void aResumedRunProbesWhatItLacksAndComesToTheSameDecision() throws IOException {
        Path dir = tmp.resolve("auto");
        RunManifest done = train(dir, spec(RULE, 5), new InlineBackend());
        RunDirectory run = RunDirectory.open(dir);
        List<ProbeRecord> rows = run.readProbe();
        int last = rows.get(rows.size() - 1).epoch();
        // as if killed after the last round, before its probe and decision: members pending, the last row missing
        RunManifest cut = done;
        for (MemberStatus m : done.members()) {
            cut = cut.withMember(m.withState(MemberState.PENDING, null));
        }
        run.writeManifest(cut);
        run.writeProbe(rows.subList(0, rows.size() - 1));
        List<String> before = losses(dir);
        RunManifest resumed = TinyRuns.resume(dir, new InlineBackend());
        assertThat(losses(dir)).isEqualTo(before); // nothing trained again
        assertThat(resumed.members()).extracting(MemberStatus::stopReason).containsOnly(done.members().get(0).stopReason());
        assertThat(resumed.members()).extracting(MemberStatus::epochs).containsOnly(last);
        List<ProbeRecord> again = run.readProbe();
        assertThat(again).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) { // the scores are the same; the probe's own seconds are not
            assertThat(again.get(i).voteAccuracy()).isEqualTo(rows.get(i).voteAccuracy());
            assertThat(again.get(i).memberAccuracies()).isEqualTo(rows.get(i).memberAccuracies());
        }
    }

    @Test
    void theProbeIsDeterministicAndReadsOnlyTheImagesItIsGiven() {
        RunDirectory run = TinyRuns.trainInline(tmp.resolve("fixed"), source, 2, 2);
        var split = source.load();
        ValidationProbe probe = new ValidationProbe(CaeSpec.mnist(), split.validation(), 1000);
        assertThat(probe.images()).isEqualTo(100);
        List<Path> checkpoints = List.of(run.checkpoint(0, 2), run.checkpoint(1, 2));
        ValidationProbe.Scores once = probe.score(checkpoints);
        assertThat(probe.score(checkpoints)).isEqualTo(once);
        assertThat(once.voteAccuracy()).isGreaterThan(0.5);
        // labels that carry no information: about chance
        int[] labels = split.validation().labels().clone();
        java.util.Arrays.fill(labels, 0, 50, 3);
        java.util.Arrays.fill(labels, 50, labels.length, 7);
        var noise = new org.eagerae.data.ImageDataset(split.validation().pixels(), shuffled(labels), 1, 28, 28, 10);
        assertThat(new ValidationProbe(CaeSpec.mnist(), noise, 100).score(checkpoints).voteAccuracy()).isLessThan(0.8);
        assertThat(Files.exists(run.probeFile())).isFalse(); // only runs stopped by auto have one
    }

    private static int[] shuffled(int[] labels) {
        java.util.Random random = new java.util.Random(5);
        for (int i = labels.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        return labels;
    }

    @Test
    void replayingAFixedRunGivesTheRowsAndStopOfAnAutoRunWithTheSameSeed() {
        RunManifest auto = train(tmp.resolve("auto"), spec(QUICK, 4), new InlineBackend());
        List<ProbeRecord> autoRows = RunDirectory.open(tmp.resolve("auto")).readProbe();
        int stop = autoRows.get(autoRows.size() - 1).epoch();
        train(tmp.resolve("fixed"), spec(new StoppingRule.None(), 4), new InlineBackend());
        RunDirectory fixed = RunDirectory.open(tmp.resolve("fixed"));

        ProbeReplay.Decision decision = ProbeReplay.replay(fixed, QUICK);

        assertThat(decision.stopEpoch()).isEqualTo(stop).isEqualTo(auto.members().get(0).epochs());
        assertThat(decision.reason()).isEqualTo(QUICK.ensembleStopReason(autoRows));
        assertThat(decision.rows()).extracting(ProbeRecord::epoch).isEqualTo(autoRows.stream().map(ProbeRecord::epoch).toList());
        assertThat(decision.rows()).extracting(ProbeRecord::voteAccuracy).isEqualTo(autoRows.stream().map(ProbeRecord::voteAccuracy).toList());
        assertThat(decision.rows()).extracting(ProbeRecord::memberAccuracies)
                .isEqualTo(autoRows.stream().map(ProbeRecord::memberAccuracies).toList());
        // the rows are written to the run's probe.csv, and the decision on them is the same
        assertThat(fixed.readProbe()).isEqualTo(decision.rows());
        assertThat(ProbeReplay.decide(QUICK, fixed.readProbe()).stopEpoch()).isEqualTo(stop);
        assertThat(decision.seconds()).isGreaterThanOrEqualTo(decision.rows().get(decision.rows().size() - 1).runSeconds());
        // a second replay reuses probe.csv: nothing is scored again
        assertThat(ProbeReplay.replay(fixed, QUICK).rows()).isEqualTo(decision.rows());
    }
}

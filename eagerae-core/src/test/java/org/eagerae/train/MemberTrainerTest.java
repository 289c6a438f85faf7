package org.eagerae.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eagerae.data.ImageDataset;
import org.eagerae.model.CaeSpec;
import org.eagerae.testing.TinyImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberTrainerTest {

    private static final ImageDataset TRAIN = TinyImages.bars(300, 1, 28, 10, 1);
    private static final ImageDataset VAL = TinyImages.bars(100, 1, 28, 10, 2);
    /** Small batches give enough Adam steps on 300 images to see learning in a few epochs. */
    private static final int BATCH = 25;

    @TempDir
    Path tmp;

    private static MemberOutcome train(int epochs, StoppingRule stop, long seed, Path dir) {
        return train(epochs, stop, seed, dir, EpochListener.NONE);
    }

    private static MemberOutcome train(int epochs, StoppingRule stop, long seed, Path dir, EpochListener listener) {
        return new MemberTrainer(CaeSpec.mnist(), TrainingOptions.paper(epochs).withBatchSize(BATCH).withStop(stop))
                .train(0, seed, TRAIN, VAL, new MemberFolder(dir, 0), listener);
    }

    private static Path checkpoint(Path dir, int epoch) {
        return new MemberFolder(dir, 0).checkpoint(epoch);
    }

    @Test
    void lossFallsAndEveryEpochIsCheckpointedAndLogged() throws Exception {
        MemberOutcome out = train(4, new StoppingRule.None(), 3, tmp);
        assertThat(out.epochs()).isEqualTo(4);
        assertThat(out.stopReason()).hasValueSatisfying(r -> assertThat(r).startsWith("max epochs"));
        List<EpochRecord> h = out.history();
        assertThat(h.get(3).valLoss()).isLessThan(h.get(0).valLoss() * 0.7);
        assertThat(h.get(3).trainLoss()).isLessThan(h.get(0).trainLoss());
        for (int e = 1; e <= 4; e++) {
            assertThat(checkpoint(tmp, e)).isRegularFile();
        }
        assertThat(Files.readAllLines(tmp.resolve("metrics.csv"))).hasSize(5).first().isEqualTo(EpochRecord.CSV_HEADER);
        assertThat(h.get(3).elapsedSeconds()).isGreaterThanOrEqualTo(h.get(2).elapsedSeconds());
    }

    @Test
    void sameSeedGivesIdenticalLossesOtherSeedDoesNot() {
        List<EpochRecord> a = train(2, new StoppingRule.None(), 5, tmp.resolve("a")).history();
        List<EpochRecord> b = train(2, new StoppingRule.None(), 5, tmp.resolve("b")).history();
        List<EpochRecord> c = train(2, new StoppingRule.None(), 6, tmp.resolve("c")).history();
        assertThat(losses(b)).containsExactlyElementsOf(losses(a));
        assertThat(losses(c)).isNotEqualTo(losses(a));
    }

    @Test
    void resumeGivesTheSameLossesAsAnUninterruptedRun() {
        List<EpochRecord> whole = train(4, new StoppingRule.None(), 7, tmp.resolve("whole")).history();
        Path dir = tmp.resolve("resumed");
        train(2, new StoppingRule.None(), 7, dir);
        MemberOutcome resumed = train(4, new StoppingRule.None(), 7, dir);
        assertThat(resumed.epochs()).isEqualTo(4);
        assertThat(losses(resumed.history())).containsExactlyElementsOf(losses(whole));
    }

    /**
     * A member trained one epoch per call, a fresh trainer each time (as members take turns on the
     * workers), has the losses and the checkpoint bytes (weights and Adam's state) of one trained in one go.
     */
    @Test
    void trainingInTurnsGivesTheNumbersAndCheckpointsOfOneGo() throws Exception {
        train(4, new StoppingRule.None(), 17, tmp.resolve("whole"));
        Path turns = tmp.resolve("turns");
        TrainingOptions options = TrainingOptions.paper(4).withBatchSize(BATCH);
        for (int until = 1; until <= 4; until++) {
            MemberOutcome out = new MemberTrainer(CaeSpec.mnist(), options).train(0, 17, TRAIN, VAL, new MemberFolder(turns, 0),
                    EpochListener.NONE, until);
            assertThat(out.epochs()).isEqualTo(until);
            assertThat(out.finished()).as("paused before the cap, finished at it").isEqualTo(until == 4);
        }
        assertThat(losses(new MemberFolder(turns, 0).epochs())).containsExactlyElementsOf(losses(new MemberFolder(tmp.resolve("whole"), 0).epochs()));
        for (int e = 1; e <= 4; e++) {
            assertThat(Files.readAllBytes(checkpoint(turns, e))).as("checkpoint of epoch " + e)
                    .isEqualTo(Files.readAllBytes(checkpoint(tmp.resolve("whole"), e)));
        }
    }

    @Test
    void aTurnEndsEarlyWhenTheStoppingRuleSaysSo() {
        TrainingOptions options = TrainingOptions.paper(10).withBatchSize(BATCH).withStop(new StoppingRule.FixedEpochs(2));
        MemberTrainer trainer = new MemberTrainer(CaeSpec.mnist(), options);
        MemberOutcome out = trainer.train(0, 1, TRAIN, VAL, new MemberFolder(tmp, 0), EpochListener.NONE, 5);
        assertThat(out.epochs()).isEqualTo(2);
        assertThat(out.stopReason()).hasValueSatisfying(r -> assertThat(r).contains("fixed"));
        MemberOutcome again = trainer.train(0, 1, TRAIN, VAL, new MemberFolder(tmp, 0), EpochListener.NONE, 6);
        assertThat(again.epochs()).as("a finished member trains no further").isEqualTo(2);
        assertThat(again.finished()).isTrue();
    }

    @Test
    void resumeIgnoresAnEpochWhoseCheckpointIsMissing() throws Exception {
        Path dir = tmp.resolve("cut");
        train(3, new StoppingRule.None(), 9, dir);
        Files.delete(checkpoint(dir, 3)); // as if something outside removed it
        MemberOutcome resumed = train(3, new StoppingRule.None(), 9, dir);
        List<EpochRecord> whole = train(3, new StoppingRule.None(), 9, tmp.resolve("whole")).history();
        assertThat(losses(resumed.history())).containsExactlyElementsOf(losses(whole));
    }

    @Test
    void resumePastADamagedCheckpointOrMetricsRowGivesTheLossesOfAnUninterruptedRun() throws Exception {
        List<EpochRecord> whole = train(3, new StoppingRule.None(), 13, tmp.resolve("whole")).history();
        List<String> warnings = new ArrayList<>();
        EpochListener collect = new EpochListener() {
            @Override
            public void onWarning(String message) {
                warnings.add(message);
            }
        };

        Path damaged = tmp.resolve("damaged");
        train(3, new StoppingRule.None(), 13, damaged);
        byte[] third = Files.readAllBytes(checkpoint(damaged, 3));
        Files.write(checkpoint(damaged, 3), Arrays.copyOf(third, third.length - 100));
        MemberOutcome resumed = train(3, new StoppingRule.None(), 13, damaged, collect);
        assertThat(losses(resumed.history())).containsExactlyElementsOf(losses(whole));
        assertThat(warnings).singleElement().asString().contains("epoch-003.params").contains("damaged");

        warnings.clear();
        Path badRow = tmp.resolve("bad-row");
        train(3, new StoppingRule.None(), 13, badRow);
        Path metrics = badRow.resolve("metrics.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(metrics));
        lines.set(2, "0,2,###");
        Files.write(metrics, lines);
        resumed = train(3, new StoppingRule.None(), 13, badRow, collect);
        assertThat(losses(resumed.history())).containsExactlyElementsOf(losses(whole));
        assertThat(warnings).singleElement().asString().contains("line 3").contains("keeping epochs 1..1");
        assertThat(Files.readAllLines(metrics)).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void stoppingRuleEndsTrainingEarly() {
        MemberOutcome out = train(10, new StoppingRule.FixedEpochs(2), 1, tmp);
        assertThat(out.epochs()).isEqualTo(2);
        assertThat(out.stopReason()).hasValueSatisfying(r -> assertThat(r).contains("fixed"));
    }

    @Test
    void nanInputFailsWithTheEpochAndBatch() {
        float[] px = TRAIN.pixels().clone();
        px[5] = Float.NaN;
        ImageDataset bad = new ImageDataset(px, TRAIN.labels(), 1, 28, 28, 10);
        MemberTrainer trainer = new MemberTrainer(CaeSpec.mnist(), TrainingOptions.paper(2));
        assertThatThrownBy(() -> trainer.train(4, 1, bad, VAL, new MemberFolder(tmp, 4), EpochListener.NONE))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("member 4")
                .hasMessageContaining("epoch 1");
    }

    @Test
    void checkpointRoundTripsExactly() {
        train(1, new StoppingRule.None(), 11, tmp);
        Checkpoint cp = Checkpoint.read(checkpoint(tmp, 1));
        Path copy = tmp.resolve("copy.params");
        cp.write(copy);
        Checkpoint again = Checkpoint.read(copy);
        assertThat(again.epoch()).isEqualTo(1);
        assertThat(again.adamSteps()).isEqualTo(300 / BATCH);
        for (int i = 0; i < cp.weights().size(); i++) {
            assertThat(again.weights().get(i)).containsExactly(cp.weights().get(i));
            assertThat(again.variances().get(i)).containsExactly(cp.variances().get(i));
        }
    }

    @Test
    void shuffleIsAPermutationThatDependsOnSeedAndEpoch() {
        int[] a = MemberTrainer.shuffledOrder(50, 1, 1);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(MemberTrainer.shuffledOrder(50, 1, 1)).containsExactly(a);
        assertThat(MemberTrainer.shuffledOrder(50, 1, 2)).isNotEqualTo(a);
        assertThat(MemberTrainer.shuffledOrder(50, 2, 1)).isNotEqualTo(a);
    }

    private static List<Double> losses(List<EpochRecord> history) {
        List<Double> out = new ArrayList<>();
        history.forEach(r -> {
            out.add(r.trainLoss());
            out.add(r.valLoss());
        });
        return out;
    }
}

package org.eagerae.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.eagerae.classify.ValidationProbe;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSchedule;
import org.eagerae.run.RunSpec;
import org.eagerae.train.ProbeRecord;
import org.eagerae.train.StoppingRule;

/**
 * The eager stop's probe and decision, shared by a run that trains with {@link StoppingRule.Auto} ({@link EagerRounds})
 * and by the replay of that decision on a run trained for a fixed number of epochs ({@link #replay}). Members trained in
 * rounds have exactly the numbers of members trained in one go, so scoring a fixed run's epochs 0, 1, 2, ... in order
 * with the same probe and stopping at the first epoch the rule says so gives the epoch an auto run would have stopped at.
 * The rows go to the run's {@code probe.csv} as they are scored; those already there are reused.
 */
public final class ProbeReplay {

    private ProbeReplay() {}

    /** Scores one member's checkpoint of an epoch, with the seconds it took. */
    @FunctionalInterface
    public interface MemberScorer {
        Scored score(int member, int epoch);
    }

    /** A member's probe scores and the seconds they took. */
    public record Scored(ValidationProbe.MemberScores scores, double seconds) {}

    /**
     * Scores members' epochs in {@code run} with {@code probe}: the scores a member's own process wrote from its validation
     * pass where they are there ({@link MemberProbeFile}, with the seconds they took there), otherwise its checkpoint,
     * scored on the calling thread and timed. Both give the same numbers.
     */
    public static MemberScorer scorer(RunDirectory run, ValidationProbe probe) {
        return (member, epoch) -> {
            Optional<Scored> recorded = MemberProbeFile.read(run.member(member).probeScores(epoch), epoch, probe);
            if (recorded.isPresent()) {
                return recorded.get();
            }
            long start = System.nanoTime();
            ValidationProbe.MemberScores scores = probe.member(run.checkpoint(member, epoch));
            return new Scored(scores, (System.nanoTime() - start) / 1e9);
        };
    }

    /**
     * What the replay found.
     *
     * @param rows      the probe's rows of epochs 0 to {@code stopEpoch}
     * @param stopEpoch the epoch after which the rule stopped the members (or the run's last epoch)
     * @param reason    the rule's reason, empty when the run's last epoch came first
     */
    public record Decision(List<ProbeRecord> rows, int stopEpoch, Optional<String> reason) {

        public Decision {
            rows = List.copyOf(rows);
        }

        /** The run's clock at the stop plus the probe's seconds of every epoch scored up to it. */
        public double seconds() {
            return rows.get(rows.size() - 1).runSeconds() + rows.stream().mapToDouble(ProbeRecord::probeSeconds).sum();
        }
    }

    /**
     * Scores every epoch that {@code rows} (oldest first, from epoch 0, as {@code probe.csv} keeps them) lacks up to
     * {@code epoch}, appending each row and writing {@code probe.csv} after each, then says whether the rule stops the members
     * after {@code epoch}, deciding on the rows up to it.
     *
     * @param members the members scored, member order
     * @param onRow   hears each row scored
     */
    public static Optional<String> probeAndDecide(RunDirectory run, StoppingRule.Auto rule, ValidationProbe probe, List<Integer> members,
            MemberScorer scorer, List<ProbeRecord> rows, int epoch, Consumer<ProbeRecord> onRow) {
        for (int e = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).epoch() + 1; e <= epoch; e++) {
            List<ValidationProbe.MemberScores> scores = new ArrayList<>();
            double seconds = 0;
            for (int member : members) {
                Scored scored = scorer.score(member, e);
                scores.add(scored.scores());
                seconds += scored.seconds();
            }
            long start = System.nanoTime();
            ValidationProbe.Scores vote = probe.combine(scores);
            seconds += (System.nanoTime() - start) / 1e9;
            ProbeRecord row = new ProbeRecord(e, endOnRunClock(run, e, members), seconds, vote.voteAccuracy(), vote.memberAccuracies());
            rows.add(row);
            run.writeProbe(rows);
            onRow.accept(row);
        }
        return rule.ensembleStopReason(upTo(rows, epoch));
    }

    /**
     * Replays the eager stop on a run's checkpoints, every member of it: epochs 1, 2, ... in order (epoch 0 with the first),
     * probing those {@code probe.csv} lacks, until the rule stops the members or the run's last epoch every member has.
     */
    public static Decision replay(RunDirectory run, StoppingRule.Auto rule) {
        RunSpec spec = run.readManifest().spec();
        List<Integer> all = IntStream.range(0, spec.members()).boxed().toList();
        int last = all.stream().mapToInt(k -> run.member(k).epochs().size()).min().orElse(0);
        ValidationProbe probe = new ValidationProbe(spec.model(), spec.data().load().validation(), rule.probeImages());
        MemberScorer scorer = scorer(run, probe);
        List<ProbeRecord> rows = new ArrayList<>(run.readProbe());
        for (int e = 1; e <= last; e++) {
            Optional<String> reason = probeAndDecide(run, rule, probe, all, scorer, rows, e, row -> {});
            if (reason.isPresent() || e == last) {
                return new Decision(upTo(rows, e), e, reason);
            }
        }
        throw new IllegalStateException("the run " + run.root() + " has no trained epoch to replay the eager stop on");
    }

    /**
     * The decision the rule makes on probe rows already scored (oldest first, from epoch 0): the first epoch from 1 on at
     * which it stops, or the last row's epoch; no probing.
     */
    public static Decision decide(StoppingRule.Auto rule, List<ProbeRecord> rows) {
        for (int i = 1; i < rows.size(); i++) {
            List<ProbeRecord> prefix = rows.subList(0, i + 1);
            Optional<String> reason = rule.ensembleStopReason(prefix);
            if (reason.isPresent() || i == rows.size() - 1) {
                return new Decision(prefix, prefix.get(i).epoch(), reason);
            }
        }
        throw new IllegalArgumentException("the eager stop needs probe rows of epoch 0 and at least one trained epoch");
    }

    private static List<ProbeRecord> upTo(List<ProbeRecord> rows, int epoch) {
        return rows.stream().filter(r -> r.epoch() <= epoch).toList();
    }

    /** When the last of the members ended epoch {@code e} on the run's clock ({@code schedule.csv}); 0 for epoch 0. */
    private static double endOnRunClock(RunDirectory run, int e, List<Integer> members) {
        RunSchedule schedule = run.readSchedule();
        return members.stream().mapToDouble(k -> schedule.end(k, e).orElse(0)).max().orElse(0);
    }
}

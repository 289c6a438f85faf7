package org.eagerae.ensemble;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eagerae.classify.ValidationProbe;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberState;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;
import org.eagerae.train.ProbeRecord;
import org.eagerae.train.StoppingRule;

/**
 * Trains a run whose stopping rule is {@link StoppingRule.Auto}: every member one epoch at a time
 * (a round: the backend trains each member up to the next epoch and returns), then the
 * {@link ValidationProbe} scores that epoch's checkpoints and {@code probe.csv} gets its row, then
 * the rule decides whether the ensemble goes on. Epoch 0 (the initial weights) is scored after the
 * first round, when its checkpoints exist. Between rounds the members are pending in
 * {@code run.json}; a resumed run probes the epochs it lacks, reuses the rows it has and so comes to
 * the same decision. Each member's own process scores its epochs from the encoder activations its validation pass
 * computes anyway ({@code MemberRunner}, into the member's folder), so the probe does not run the encoder again; an epoch
 * without such scores (a run resumed from before they were written) has its checkpoint scored here, with the same numbers.
 * The scores are read when the round ends ({@code probe_seconds} is the members' probe work, done beside their training).
 * When a stuck member starts again from a new seed, every epoch is scored again (its earlier checkpoints were replaced).
 */
final class EagerRounds {

    /** Receives the members' statuses of a round, as the backend reports them. */
    interface Keeper {
        void update(MemberStatus status);

        MemberStatus current(int member);
    }

    private final RunDirectory run;
    private final RunSpec spec;
    private final StoppingRule.Auto rule;
    private final Backend backend;
    private final EnsembleListener listener;
    private final Keeper keeper;

    /**
     * @param events   hears the members' epochs and ends (the run's own bookkeeping included, {@code run.json} too); a member's end
     *                 only once, when the ensemble stops or the member fails
     * @param keeper   keeps {@code run.json}'s member statuses
     */
    EagerRounds(RunDirectory run, RunSpec spec, StoppingRule.Auto rule, Backend backend, EnsembleListener events, Keeper keeper) {
        this.run = run;
        this.spec = spec;
        this.rule = rule;
        this.backend = backend;
        this.listener = events;
        this.keeper = keeper;
    }

    /** Trains {@code todo} round by round until the rule or the epoch cap stops them. */
    void train(List<MemberJob> todo) {
        ValidationProbe probe = new ValidationProbe(spec.model(), spec.data().load().validation(), rule.probeImages());
        ProbeReplay.MemberScorer scorer = ProbeReplay.scorer(run, probe);
        List<MemberJob> active = new ArrayList<>(todo);
        List<ProbeRecord> rows = new ArrayList<>(run.readProbe());
        int maxEpochs = spec.training().maxEpochs();
        Optional<String> reason = Optional.empty();
        while (!active.isEmpty()) {
            int trained = active.stream().mapToInt(job -> run.member(job.member()).epochs().size()).min().orElseThrow();
            reason = trained < 1 ? Optional.empty() // nothing before the first epoch has ended (the initial weights are written as a member starts)
                    : ProbeReplay.probeAndDecide(run, rule, probe, active.stream().map(MemberJob::member).toList(), scorer, rows,
                            trained, row -> listener.onProbe(row, probe.images()));
            if (reason.isPresent() || trained >= maxEpochs) {
                break;
            }
            int round = trained + 1;
            RunSpec roundSpec = new RunSpec(spec.data(), spec.model(), spec.members(), spec.seed(), spec.training().withMaxEpochs(round),
                    spec.threads(), spec.unlabelled());
            AtomicBoolean restarted = new AtomicBoolean();
            List<MemberStatus> statuses = backend.run(run, roundSpec, active, roundListener(maxEpochs, restarted));
            if (restarted.get()) { // a stuck member started again from new initial weights: its earlier epochs are scored again
                rows.clear();
                run.writeProbe(rows);
            }
            Map<Integer, MemberStatus> byMember = new HashMap<>();
            statuses.forEach(s -> byMember.put(s.member(), s));
            for (MemberJob job : List.copyOf(active)) {
                MemberStatus s = byMember.get(job.member());
                if (s == null || s.isFailed() || s.epochs() < round) {
                    MemberStatus failed = s != null && s.isFailed() ? s
                            : MemberStatus.failed(job, s == null ? 0 : s.epochs(), "the backend returned no outcome for epoch " + round);
                    listener.onMemberDone(failed);
                    active.remove(job);
                }
            }
        }
        String why = reason.orElse("max epochs: " + maxEpochs);
        for (MemberJob job : active) {
            listener.onMemberDone(keeper.current(job.member()).withState(MemberState.FINISHED, why));
        }
    }

    /**
     * The backend's listener for a round: the epochs go through; the cap of the whole run is what
     * {@code onStart} reports; a member that reached the round's epoch stays pending in {@code run.json}
     * (the user hears of it when the ensemble stops), a failed one is recorded at once.
     */
    private EnsembleListener roundListener(int maxEpochs, AtomicBoolean restarted) {
        return new ForwardingListener(listener) {
            @Override
            public void onStart(int member, int firstEpoch, int cap, int batches) {
                super.onStart(member, firstEpoch, maxEpochs, batches);
            }

            @Override
            public void onRestart(int member, long seed, String reason) {
                restarted.set(true);
                super.onRestart(member, seed, reason);
            }

            @Override
            public void onMemberDone(MemberStatus s) {
                if (s.isFailed()) {
                    return; // recorded by the round's end, with the others
                }
                keeper.update(s.withState(MemberState.PENDING, null));
            }
        };
    }
}

package org.eagerae.ensemble;

import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Hands the members' epochs to a backend's slots (worker processes, executors) in lockstep: a
 * slot that comes free takes the next epoch of the idle member that has trained the fewest epochs
 * (the lowest index among equals). So while there are more unfinished members than slots no slot
 * idles, and with slots of the same speed (one machine, members of one size) the members' epoch
 * counts never differ by more than one: "the ensemble at time T" is every member at about the
 * same epoch.
 *
 * <p>A member moves between slots through its folder: its last checkpoint holds the weights and
 * Adam's state, and an epoch's batch order depends on the member's seed and the epoch alone, so
 * a member trained in turns has the numbers of one trained in one go. Once there are no more
 * unfinished members than slots, each takes the rest of its epochs in one turn, as without
 * lockstep. Stopping rules still apply per member: a turn ends early when the member's rule stops it.
 *
 * <p>Thread-safe: every slot's thread asks for its turns here.
 */
public final class Lockstep {

    /**
     * A slot's next piece of work.
     *
     * @param job        the member
     * @param untilEpoch the last epoch to train in this turn (its stopping rule may end it sooner)
     */
    public record Turn(MemberJob job, int untilEpoch) {}

    private final int slots;
    private final int maxEpochs;
    /** Epochs trained by each member that has not finished or failed, in job order. */
    private final Map<MemberJob, Integer> unfinished = new LinkedHashMap<>();
    /** The turns being trained, by member. */
    private final Map<MemberJob, Turn> busy = new HashMap<>();
    private final Map<Integer, MemberStatus> outcomes = new HashMap<>();

    /**
     * @param jobs          the members to train
     * @param epochsTrained how many epochs each member has already trained (on a resumed run)
     * @param maxEpochs     the run's epoch cap
     * @param slots         members trained at the same time
     */
    public Lockstep(List<MemberJob> jobs, ToIntFunction<MemberJob> epochsTrained, int maxEpochs, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        }
        this.slots = slots;
        this.maxEpochs = maxEpochs;
        jobs.forEach(job -> unfinished.put(job, epochsTrained.applyAsInt(job)));
    }

    /**
     * The next turn for a slot that is free, waiting while every unfinished member is in another
     * slot's turn that may pause it; empty once no member is left for this slot.
     *
     * @throws InterruptedException while waiting
     */
    public synchronized Optional<Turn> next() throws InterruptedException {
        while (true) {
            Optional<Turn> turn = take();
            if (turn.isPresent() || exhausted()) {
                return turn;
            }
            wait();
        }
    }

    /** The turn a free slot gets now, if any member is idle: the next epoch of the one with the fewest epochs. */
    synchronized Optional<Turn> take() {
        Optional<MemberJob> idle = unfinished.keySet().stream()
                .filter(job -> !busy.containsKey(job))
                .min(Comparator.<MemberJob>comparingInt(unfinished::get).thenComparingInt(MemberJob::member));
        if (idle.isEmpty()) {
            return Optional.empty();
        }
        MemberJob job = idle.get();
        Turn turn = new Turn(job, unfinished.size() > slots ? unfinished.get(job) + 1 : maxEpochs);
        busy.put(job, turn);
        return Optional.of(turn);
    }

    /** Whether no turn is left for a free slot: every unfinished member trains to its end in a turn of its own. */
    synchronized boolean exhausted() {
        return unfinished.keySet().stream().allMatch(job -> busy.containsKey(job) && busy.get(job).untilEpoch() >= maxEpochs);
    }

    /**
     * Records how a turn ended: a pending status (the member paused at the turn's last epoch)
     * puts the member back in line; a finished or failed one is its outcome.
     */
    public synchronized void finish(Turn turn, MemberStatus status) {
        MemberJob job = turn.job();
        if (busy.remove(job) == null) {
            throw new IllegalStateException("member " + job.member() + " has no turn in progress");
        }
        if (status.isPending() && status.epochs() < turn.untilEpoch()) {
            status = MemberStatus.failed(job, status.epochs(), "paused after epoch " + status.epochs() + " in a turn that was to train it to epoch "
                    + turn.untilEpoch());
        }
        if (status.isPending()) {
            unfinished.put(job, status.epochs());
        } else {
            unfinished.remove(job);
            outcomes.put(job.member(), status);
        }
        notifyAll();
    }

    /** The outcome of each member that finished or failed, by member index. */
    public synchronized Map<Integer, MemberStatus> outcomes() {
        return Map.copyOf(outcomes);
    }

    /** The epochs trained by each member that has not ended yet, by member index (for tests). */
    synchronized Map<Integer, Integer> unfinishedEpochs() {
        Map<Integer, Integer> epochs = new HashMap<>();
        unfinished.forEach((job, n) -> epochs.put(job.member(), n));
        return epochs;
    }
}

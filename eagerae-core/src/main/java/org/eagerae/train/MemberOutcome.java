package org.eagerae.train;

import java.util.List;
import java.util.Optional;

/**
 * Where a call that trained a member left it: finished (its stopping rule or the epoch cap ended
 * it), stuck (to be started again), or paused at the epoch the call was asked to stop at.
 *
 * @param member     member index
 * @param seed       the member's seed
 * @param history    every epoch's record, oldest first
 * @param stopReason why it stopped (the rule's words, the epoch cap, or why it counts as stuck); empty when it
 *                   paused at the epoch the call was asked to stop at, with more epochs to train
 * @param bestEpoch  the epoch with the lowest validation loss
 * @param stuck      it stopped because the {@link StuckMemberRule} found it stuck, to be started again
 */
public record MemberOutcome(int member, long seed, List<EpochRecord> history, Optional<String> stopReason, int bestEpoch, boolean stuck) {

    public MemberOutcome {
        history = List.copyOf(history);
    }

    /** Whether this attempt's training has ended (finished or stuck) rather than paused. */
    public boolean finished() {
        return stopReason.isPresent();
    }

    /** Epochs trained. */
    public int epochs() {
        return history.size();
    }

    /** The last epoch's record. */
    public EpochRecord last() {
        return history.get(history.size() - 1);
    }
}

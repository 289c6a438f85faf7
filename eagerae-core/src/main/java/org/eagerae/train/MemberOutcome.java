package org.eagerae.train;

import java.util.List;

/**
 * How a member's training ended.
 *
 * @param member     member index
 * @param seed       the member's seed
 * @param history    every epoch's record, oldest first
 * @param stopReason why it stopped (the rule's words, the epoch cap, or why it counts as stuck)
 * @param bestEpoch  the epoch with the lowest validation loss
 * @param stuck      it stopped because the {@link StuckMemberRule} found it stuck, to be started again
 */
public record MemberOutcome(int member, long seed, List<EpochRecord> history, String stopReason, int bestEpoch, boolean stuck) {

    public MemberOutcome {
        history = List.copyOf(history);
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

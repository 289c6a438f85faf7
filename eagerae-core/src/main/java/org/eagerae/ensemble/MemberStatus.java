package org.eagerae.ensemble;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.eagerae.train.MemberOutcome;

/**
 * What became of a member, as recorded in {@code run.json}.
 *
 * @param member     member index
 * @param seed       the member's seed
 * @param state      pending, finished or failed
 * @param epochs     epochs trained
 * @param stopReason why it stopped, for a finished member
 * @param bestEpoch  the epoch with the lowest validation loss (0 if none)
 * @param finalValLoss the last epoch's validation loss (NaN if none)
 * @param trainSeconds the member's cumulative training seconds
 * @param error      the cause, for a failed member
 */
public record MemberStatus(int member, long seed, MemberState state, int epochs, String stopReason, int bestEpoch,
        double finalValLoss, double trainSeconds, String error) {

    public MemberStatus {
        if (state == null) {
            throw new IllegalArgumentException("member " + member + " has no state");
        }
    }

    /** A member not trained yet. */
    public static MemberStatus pending(MemberJob job) {
        return new MemberStatus(job.member(), job.seed(), MemberState.PENDING, 0, null, 0, Double.NaN, 0, null);
    }

    /** A member whose training failed with the given cause. */
    public static MemberStatus failed(MemberJob job, int epochs, String error) {
        return new MemberStatus(job.member(), job.seed(), MemberState.FAILED, epochs, null, 0, Double.NaN, 0, error);
    }

    /** A member that trained to the end of its stopping rule. */
    public static MemberStatus finished(MemberJob job, MemberOutcome outcome) {
        return new MemberStatus(job.member(), job.seed(), MemberState.FINISHED, outcome.epochs(), outcome.stopReason(),
                outcome.bestEpoch(), outcome.last().valLoss(), outcome.last().elapsedSeconds(), null);
    }

    /** Whether the member failed. */
    @JsonIgnore
    public boolean isFailed() {
        return state == MemberState.FAILED;
    }

    /** Whether the member finished. */
    @JsonIgnore
    public boolean isFinished() {
        return state == MemberState.FINISHED;
    }
}

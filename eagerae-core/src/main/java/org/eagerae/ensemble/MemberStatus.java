package org.eagerae.ensemble;

/**
 * What became of a member, as recorded in {@code run.json}.
 *
 * @param member     member index
 * @param seed       the member's seed
 * @param state      {@code pending}, {@code finished} or {@code failed}
 * @param epochs     epochs trained
 * @param stopReason why it stopped, for a finished member
 * @param bestEpoch  the epoch with the lowest validation loss (0 if none)
 * @param finalValLoss the last epoch's validation loss (NaN if none)
 * @param trainSeconds the member's cumulative training seconds
 * @param error      the cause, for a failed member
 */
public record MemberStatus(int member, long seed, String state, int epochs, String stopReason, int bestEpoch,
        double finalValLoss, double trainSeconds, String error) {

    /** A member not trained yet. */
    public static MemberStatus pending(MemberJob job) {
        return new MemberStatus(job.member(), job.seed(), "pending", 0, null, 0, Double.NaN, 0, null);
    }

    /** A member whose training failed with the given cause. */
    public static MemberStatus failed(MemberJob job, int epochs, String error) {
        return new MemberStatus(job.member(), job.seed(), "failed", epochs, null, 0, Double.NaN, 0, error);
    }

    /** Whether the member failed. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isFailed() {
        return "failed".equals(state);
    }
}

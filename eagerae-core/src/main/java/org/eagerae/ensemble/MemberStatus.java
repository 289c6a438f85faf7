package org.eagerae.ensemble;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.eagerae.train.MemberOutcome;

/**
 * What became of a member, as recorded in {@code run.json}.
 *
 * @param member     member index
 * @param seed       the seed of the member's weights and batch order (after restarts: of its last attempt)
 * @param state      pending (not trained yet, or paused after {@code epochs} epochs), finished or failed
 * @param epochs     epochs trained
 * @param stopReason why it stopped, for a finished member
 * @param bestEpoch  the epoch with the lowest validation loss (0 if none)
 * @param finalValLoss the last epoch's validation loss (NaN if none)
 * @param trainSeconds the member's cumulative training seconds
 * @param error      the cause, for a failed member
 * @param restarts   the attempts set aside because the member was stuck, oldest first (empty: none)
 */
public record MemberStatus(int member, long seed, MemberState state, int epochs, String stopReason, int bestEpoch,
        double finalValLoss, double trainSeconds, String error, List<Restart> restarts) {

    public MemberStatus {
        if (state == null) {
            throw new IllegalArgumentException("member " + member + " has no state");
        }
        restarts = restarts == null ? List.of() : List.copyOf(restarts);
    }

    /**
     * An attempt at a member that was set aside because it was stuck, kept in {@code members/mNN.stuck-N/}.
     *
     * @param seed         the attempt's seed
     * @param epochs       epochs it trained
     * @param finalValLoss its last validation loss
     * @param seconds      the member's training time up to the end of it (earlier attempts included)
     * @param reason       why it counted as stuck
     */
    public record Restart(long seed, int epochs, double finalValLoss, double seconds, String reason) {}

    /** A member not trained yet. */
    public static MemberStatus pending(MemberJob job) {
        return new MemberStatus(job.member(), job.seed(), MemberState.PENDING, 0, null, 0, Double.NaN, 0, null, List.of());
    }

    /** A member whose training failed with the given cause. */
    public static MemberStatus failed(MemberJob job, int epochs, String error) {
        return new MemberStatus(job.member(), job.seed(), MemberState.FAILED, epochs, null, 0, Double.NaN, 0, error, List.of());
    }

    /**
     * Where training left a member, after the given restarts: finished (to the end of its stopping
     * rule), or pending after the epochs it trained when it paused to let other members take their turn.
     */
    public static MemberStatus of(MemberJob job, MemberOutcome outcome, List<Restart> restarts) {
        return new MemberStatus(job.member(), outcome.seed(), outcome.finished() ? MemberState.FINISHED : MemberState.PENDING,
                outcome.epochs(), outcome.stopReason().orElse(null), outcome.bestEpoch(), outcome.last().valLoss(),
                outcome.last().elapsedSeconds(), null, restarts);
    }

    /** Whether the member failed. */
    @JsonIgnore
    public boolean isFailed() {
        return state == MemberState.FAILED;
    }

    /** Whether the member has neither finished nor failed: it has epochs left to train. */
    @JsonIgnore
    public boolean isPending() {
        return state == MemberState.PENDING;
    }

    /** Whether the member finished. */
    @JsonIgnore
    public boolean isFinished() {
        return state == MemberState.FINISHED;
    }
}

package org.eagerae.ensemble;

import org.eagerae.train.ProbeRecord;

import org.eagerae.run.MemberStatus;
import org.eagerae.train.EpochListener;

/** Hears the progress of a whole ensemble: every member's batches and epochs, and each member's end. */
public interface EnsembleListener extends EpochListener {

    /** A listener that ignores everything. */
    EnsembleListener NONE = new EnsembleListener() {};

    /** Called when a member has finished or failed. */
    default void onMemberDone(MemberStatus status) {}

    /**
     * Called when a backend that runs members on a cluster starts a member again after it lost the
     * machine or process that trained it (a lost executor), resuming from its last complete checkpoint.
     *
     * @param firstEpoch the epoch the member resumes with (1 if it had none complete)
     * @param where      where it runs now and why the last attempt ended, in a few words
     */
    default void onRetry(int member, int firstEpoch, String where) {}

    /**
     * Called after the validation probe scored an epoch of a run stopped by {@code auto}, once its
     * row is in {@code probe.csv}.
     *
     * @param images the validation images the probe scored
     */
    default void onProbe(ProbeRecord row, int images) {}
}

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
     * Called after the validation probe scored an epoch of a run stopped by {@code auto}, once its
     * row is in {@code probe.csv}.
     *
     * @param images the validation images the probe scored
     */
    default void onProbe(ProbeRecord row, int images) {}
}

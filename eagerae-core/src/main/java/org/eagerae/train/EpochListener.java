package org.eagerae.train;

/** Hears a member's progress: every batch (for progress bars) and every finished epoch. */
public interface EpochListener {

    /** A listener that ignores everything. */
    EpochListener NONE = new EpochListener() {};

    /** Called once before the first epoch this call trains (after any resume). */
    default void onStart(int member, int firstEpoch, int maxEpochs, int batchesPerEpoch) {}

    /** Called after each training batch with that batch's loss. */
    default void onBatch(int member, int epoch, int batch, int batches, double loss) {}

    /** Called after each epoch, once its checkpoint and metrics row are on disk. */
    default void onEpoch(EpochRecord record) {}

    /** Called with one line about something repaired or skipped that the user should know of (e.g. a damaged checkpoint). */
    default void onWarning(String message) {}

    /**
     * Called when a stuck member's epochs so far are set aside and it starts again from epoch 1 with
     * a fresh seed; its earlier rows no longer count.
     */
    default void onRestart(int member, long seed, String reason) {}
}

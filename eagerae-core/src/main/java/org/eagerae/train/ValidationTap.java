package org.eagerae.train;

/**
 * Hears the encoder's activations of the first validation images, which a member's validation pass computes
 * after every epoch anyway, so that work on them (the eager stop's probe) need not run the encoder again.
 * {@link MemberTrainer} calls it once per epoch, after the validation pass and before the epoch is recorded,
 * and once for the initial weights (epoch 0) of a member that starts afresh, after its first epoch's call and
 * before that epoch is recorded.
 */
public interface ValidationTap {

    /** How many of the first validation images it wants (all of them when there are fewer). */
    int images();

    /**
     * The activations after {@code epoch}: {@code rows} images' flattened encoder activations, row after row,
     * {@code cols} each, in the validation images' order from the first.
     *
     * @param seconds what computing them cost the trainer for the tap alone: for epoch 0, an encoder pass of the
     *                initial weights; 0 for the others (their validation pass is the epoch's own)
     */
    void accept(int epoch, float[] activations, int rows, int cols, double seconds);
}

package org.eagerae.classify;

/**
 * One classifier that {@link Classification} trains, as progress reports name it: a member's
 * ({@code single} or {@code fine-tune}) or the ensemble's ({@code stacked}, member -1).
 *
 * @param method the method it belongs to
 * @param member the member it reads, or -1 for one on all members (or on none: the pixels)
 * @param head   which of the K heads with different seeds on the same features (0 for all but the controls'
 *               extra heads, {@link Method#votesOverSeeds()}); the head's seed is the classifier seed plus
 *               {@link #seedOffset()}
 */
public record ClassifierTask(Method method, int member, int head) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public ClassifierTask {
        if (head < 0) {
            throw new IllegalArgumentException("head must be >= 0, got " + head);
        }
    }

    /** The task of a method's only head on {@code member}'s features. */
    public ClassifierTask(Method method, int member) {
        this(method, member, 0);
    }

    /** What is added to the classifier seed for this head: the member, then the head (only one of them is ever above 0). */
    public long seedOffset() {
        return Math.max(member, 0) + head;
    }

    /** {@code single m03}, {@code fine-tune m00}, {@code stacked}, {@code head-vote m00 h2}, {@code raw-pixels-vote h1}. */
    @Override
    public String toString() {
        String s = member < 0 ? method.label() : String.format("%s m%02d", method.label(), member);
        return head > 0 ? s + " h" + head : s;
    }
}

package org.eagerae.classify;

/**
 * One classifier that {@link Classification} trains, as progress reports name it: a member's
 * ({@code single} or {@code fine-tune}) or the ensemble's ({@code stacked}, member -1).
 *
 * @param method the method it belongs to
 * @param member the member it reads, or -1 for one on all members
 */
public record ClassifierTask(Method method, int member) {

    /** {@code single m03}, {@code fine-tune m00}, {@code stacked}. */
    @Override
    public String toString() {
        return member < 0 ? method.label() : String.format("%s m%02d", method.label(), member);
    }
}

package org.eagerae.classify;

import java.util.List;

/**
 * How much the members' classifiers disagree on the test set, and what the vote makes of it: why
 * a vote can beat every member. Counted over the same test images as the accuracy.
 *
 * @param pairwiseDisagreement the share of test images on which two members predict different
 *                             classes, averaged over all pairs of members (0 = identical members)
 * @param voteOnly             test images the vote gets right and no member gets right
 * @param gainedOverBest       test images the vote gets right and the best member (by test accuracy)
 *                             gets wrong
 * @param lostToBest           test images the vote gets wrong and the best member gets right
 * @param images               test images counted
 */
public record Diversity(double pairwiseDisagreement, int voteOnly, int gainedOverBest, int lostToBest, int images) {

    /**
     * Compares the members' predictions with each other, and the vote's with theirs.
     *
     * @param members each member's predicted class per test image
     * @param vote    the vote's predicted class per test image
     * @param labels  the true classes
     */
    public static Diversity of(List<int[]> members, int[] vote, int[] labels) {
        int n = labels.length;
        for (int[] m : members) {
            if (m.length != n) {
                throw new IllegalArgumentException("member predictions.length=" + m.length + ", labels.length=" + n);
            }
        }
        if (vote.length != n) {
            throw new IllegalArgumentException("vote.length=" + vote.length + ", labels.length=" + n);
        }
        double disagreement = 0;
        int pairs = 0;
        for (int a = 0; a < members.size(); a++) {
            for (int b = a + 1; b < members.size(); b++) {
                disagreement += share(members.get(a), members.get(b));
                pairs++;
            }
        }
        int[] best = members.get(bestMember(members, labels));
        int voteOnly = 0;
        int gained = 0;
        int lost = 0;
        for (int i = 0; i < n; i++) {
            boolean voteRight = vote[i] == labels[i];
            boolean bestRight = best[i] == labels[i];
            if (voteRight && !bestRight) {
                gained++;
            } else if (!voteRight && bestRight) {
                lost++;
            }
            if (voteRight && noMemberRight(members, labels, i)) {
                voteOnly++;
            }
        }
        return new Diversity(pairs == 0 ? 0 : disagreement / pairs, voteOnly, gained, lost, n);
    }

    private static boolean noMemberRight(List<int[]> members, int[] labels, int image) {
        for (int[] m : members) {
            if (m[image] == labels[image]) {
                return false;
            }
        }
        return true;
    }

    private static double share(int[] a, int[] b) {
        int differ = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                differ++;
            }
        }
        return a.length == 0 ? 0 : (double) differ / a.length;
    }

    private static int bestMember(List<int[]> members, int[] labels) {
        int best = 0;
        long bestCorrect = -1;
        for (int k = 0; k < members.size(); k++) {
            long correct = 0;
            int[] m = members.get(k);
            for (int i = 0; i < labels.length; i++) {
                if (m[i] == labels[i]) {
                    correct++;
                }
            }
            if (correct > bestCorrect) {
                best = k;
                bestCorrect = correct;
            }
        }
        return best;
    }
}

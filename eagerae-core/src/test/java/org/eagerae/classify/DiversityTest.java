package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiversityTest {

    @Test
    void countsDisagreementAndWhatTheVoteMakesOfIt() {
        int[] labels = {0, 1, 2, 0, 1};
        int[] a = {0, 1, 1, 2, 2}; // right on 0, 1: 2 of 5 (the best member)
        int[] b = {1, 1, 0, 2, 0}; // right on 1
        int[] c = {2, 0, 0, 0, 0}; // right on 3
        int[] vote = {0, 2, 2, 0, 1}; // right on 0, 2, 3, 4
        Diversity d = Diversity.of(List.of(a, b, c), vote, labels);
        // a-b differ on images 0, 2, 4 (3/5); a-c on all 5; b-c on 0, 1, 3 (3/5)
        assertThat(d.pairwiseDisagreement()).isCloseTo((3 + 5 + 3) / 15.0, within(1e-12));
        // image 2 (label 2) and image 4 (label 1): no member is right, the vote is
        assertThat(d.voteOnly()).isEqualTo(2);
        // best member a: the vote gains images 2, 3, 4 and loses image 1
        assertThat(d.gainedOverBest()).isEqualTo(3);
        assertThat(d.lostToBest()).isEqualTo(1);
        assertThat(d.images()).isEqualTo(5);
    }

    @Test
    void identicalMembersNeverDisagree() {
        int[] m = {0, 1, 2};
        Diversity d = Diversity.of(List.of(m, m.clone()), m.clone(), new int[] {0, 1, 1});
        assertThat(d.pairwiseDisagreement()).isZero();
        assertThat(d.voteOnly()).isZero();
        assertThat(d.gainedOverBest()).isZero();
        assertThat(d.lostToBest()).isZero();
    }
}

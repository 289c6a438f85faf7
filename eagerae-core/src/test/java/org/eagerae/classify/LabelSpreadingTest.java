package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Label spreading: labels follow the graph of nearest neighbours, not the distance to the nearest labelled image. */
class LabelSpreadingTest {

    /** Points on the unit circle at these angles (degrees), one row each. */
    private static FeatureMatrix atAngles(List<Double> degrees) {
        float[] values = new float[degrees.size() * 2];
        for (int i = 0; i < degrees.size(); i++) {
            values[2 * i] = (float) Math.cos(Math.toRadians(degrees.get(i)));
            values[2 * i + 1] = (float) Math.sin(Math.toRadians(degrees.get(i)));
        }
        return new FeatureMatrix(values, degrees.size(), 2);
    }

    @Test
    void labelsSpreadAlongChainsOfNeighboursEvenWhereAnotherLabelIsNearer() {
        // class 0: a chain from 0 to 60 degrees, labelled at 0; class 1: a chain from 100 to 160 degrees, labelled at 100.
        // The point at 60 degrees is nearer the label of class 1 (40 degrees) than that of class 0 (60 degrees), but each of
        // its five nearest neighbours lies on its own chain.
        List<Double> unlabelled = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (int a = 5; a <= 60; a += 5) {
            unlabelled.add((double) a);
            truth.add(0);
        }
        for (int a = 105; a <= 160; a += 5) {
            unlabelled.add((double) a);
            truth.add(1);
        }
        int[] spread = LabelSpreading.DEFAULT.spread(atAngles(List.of(0.0, 100.0)), new int[] {0, 1}, atAngles(unlabelled), 2);
        assertThat(spread).containsExactly(truth.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void clustersTakeTheirLabelledImagesClassAndImagesNoLabelReachesGetNone() {
        Random random = new Random(3);
        int classes = 3;
        int perClass = 40;
        int d = 4;
        float[] values = new float[(classes * perClass + 2) * d];
        int[] truth = new int[classes * perClass + 2];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                int row = c * perClass + i;
                values[row * d + c] = 1;
                for (int j = 0; j < classes; j++) { // noise in the three cluster directions only
                    values[row * d + j] += (float) (0.15 * random.nextGaussian());
                }
                truth[row] = c;
            }
        }
        // two images along the fourth direction: orthogonal to every cluster, so no label has a path to them
        values[classes * perClass * d + 3] = 1;
        values[(classes * perClass + 1) * d + 3] = 2;
        truth[classes * perClass] = -1;
        truth[classes * perClass + 1] = -1;
        FeatureMatrix unlabelled = new FeatureMatrix(values, classes * perClass + 2, d);
        float[] seeds = new float[classes * d];
        for (int c = 0; c < classes; c++) {
            seeds[c * d + c] = 1;
        }
        int[] spread = LabelSpreading.DEFAULT.spread(new FeatureMatrix(seeds, classes, d), new int[] {0, 1, 2}, unlabelled, classes);
        assertThat(spread).containsExactly(truth);
        assertThat(LabelSpreading.DEFAULT.spread(new FeatureMatrix(seeds, classes, d), new int[] {0, 1, 2}, unlabelled, classes))
                .as("the same images, the same labels").containsExactly(spread);
    }

    @Test
    void featuresOfAnotherWidthAreRefused() {
        assertThatThrownBy(() -> LabelSpreading.DEFAULT.spread(new FeatureMatrix(new float[4], 2, 2), new int[] {0, 1},
                new FeatureMatrix(new float[3], 1, 3), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labelled 2 x 2 with 2 labels, unlabelled 1 x 3");
    }
}

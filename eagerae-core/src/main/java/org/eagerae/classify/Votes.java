package org.eagerae.classify;

import java.util.List;

/** Combines members' class probabilities (each {@code n x classes}, row-major) into one prediction per image. */
public final class Votes {

    private Votes() {}

    /** Soft vote: the class with the highest mean probability (ties: the lowest class index). */
    public static int[] soft(List<float[]> probabilities, int classes) {
        int n = probabilities.get(0).length / classes;
        int[] out = new int[n];
        double[] mean = new double[classes];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(mean, 0);
            for (float[] p : probabilities) {
                for (int c = 0; c < classes; c++) {
                    mean[c] += p[i * classes + c];
                }
            }
            out[i] = argmax(mean);
        }
        return out;
    }

    /** Hard vote: the class most members predict (ties: the lowest class index). */
    public static int[] hard(List<float[]> probabilities, int classes) {
        int n = probabilities.get(0).length / classes;
        int[] out = new int[n];
        double[] votes = new double[classes];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(votes, 0);
            for (float[] p : probabilities) {
                double[] row = new double[classes];
                for (int c = 0; c < classes; c++) {
                    row[c] = p[i * classes + c];
                }
                votes[argmax(row)]++;
            }
            out[i] = argmax(votes);
        }
        return out;
    }

    /** Each image's most probable class (ties: the lowest class index). */
    public static int[] argmax(float[] probabilities, int classes) {
        return soft(List.of(probabilities), classes);
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        return best;
    }
}

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
        float[] shares = shares(probabilities, classes);
        double[] votes = new double[classes];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) {
                votes[c] = shares[i * classes + c];
            }
            out[i] = argmax(votes);
        }
        return out;
    }

    /** The mean of the members' probabilities, {@code n x classes}: what a soft vote reports. */
    public static float[] mean(List<float[]> probabilities, int classes) {
        float[] out = new float[probabilities.get(0).length];
        for (int j = 0; j < out.length; j++) {
            double sum = 0;
            for (float[] p : probabilities) {
                sum += p[j];
            }
            out[j] = (float) (sum / probabilities.size());
        }
        return out;
    }

    /** Each class's share of the members' predictions, {@code n x classes}: what a hard vote reports. */
    public static float[] shares(List<float[]> probabilities, int classes) {
        int n = probabilities.get(0).length / classes;
        float[] out = new float[n * classes];
        float weight = 1f / probabilities.size();
        double[] row = new double[classes];
        for (int i = 0; i < n; i++) {
            for (float[] p : probabilities) {
                for (int c = 0; c < classes; c++) {
                    row[c] = p[i * classes + c];
                }
                out[i * classes + argmax(row)] += weight;
            }
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

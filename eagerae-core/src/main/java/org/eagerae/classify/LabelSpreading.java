package org.eagerae.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Labels for unlabelled images from a few labelled ones, by label spreading (Zhou, Bousquet, Lal, Weston and Schölkopf,
 * "Learning with local and global consistency", 2004): every image is joined to its {@code neighbours} nearest by cosine
 * similarity of its features, the edge weighted by the similarity to the power {@code power} and made symmetric; the
 * labelled images' one-hot labels then spread along the normalised graph, {@code F <- alpha S F + (1 - alpha) Y},
 * {@code iterations} times, and each image takes the class with the most. What the {@code spread} heads train on besides
 * their labelled images ({@link Method#SPREAD}).
 *
 * @param neighbours nearest neighbours each image is joined to
 * @param alpha      how much of a node's label comes from its neighbours rather than its own label, in (0, 1)
 * @param iterations rounds of spreading
 * @param power      edge weight: the cosine similarity (negative ones as 0) to this power
 * @param dimensions the leading feature columns the graph is built on (principal components come in order of variance)
 */
public record LabelSpreading(int neighbours, double alpha, int iterations, int power, int dimensions) {

    /**
     * The settings of the {@code spread} heads: 5 neighbours, alpha 0.99, 40 rounds, cube of the similarity, the leading 100
     * principal components. Chosen on the training split of one MNIST ensemble (its labels outside a budget of 10 per
     * class), by the share of the spread labels that were right: 5 neighbours beat 3, 7, 10 and 20, alpha 0.99 beat 0.8
     * and 0.9, and more than 100 components changed it by less than 0.3 points.
     */
    public static final LabelSpreading DEFAULT = new LabelSpreading(5, 0.99, 40, 3, 100);

    /** Rows of similarities computed at once. */
    private static final int BLOCK = 256;

    public LabelSpreading {
        if (neighbours < 1 || !(alpha > 0 && alpha < 1) || iterations < 1 || power < 1 || dimensions < 1) {
            throw new IllegalArgumentException("label spreading needs neighbours, iterations, power and dimensions >= 1 and alpha in"
                    + " (0, 1); got " + neighbours + ", " + alpha + ", " + iterations + ", " + power + ", " + dimensions);
        }
    }

    /**
     * The classes spread to each row of {@code unlabelled} from the rows of {@code labelled}, or -1 for a row that no label
     * reached (one in a part of the graph without a labelled image).
     *
     * @param labelled   features of the labelled images
     * @param labels     their classes, in {@code [0, classes)}
     * @param unlabelled features of the unlabelled images, the same columns
     */
    public int[] spread(FeatureMatrix labelled, int[] labels, FeatureMatrix unlabelled, int classes) {
        if (labelled.cols() != unlabelled.cols() || labels.length != labelled.rows()) {
            throw new IllegalArgumentException("labelled " + labelled.rows() + " x " + labelled.cols() + " with " + labels.length
                    + " labels, unlabelled " + unlabelled.rows() + " x " + unlabelled.cols());
        }
        int n = labelled.rows() + unlabelled.rows();
        float[] unit = unitRows(labelled, unlabelled, Math.min(dimensions, labelled.cols()));
        Graph graph = graph(unit, n, Math.min(neighbours, n - 1));
        double[] scores = propagate(graph, labels, n, classes);
        int[] out = new int[unlabelled.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = argmaxOrNone(scores, labelled.rows() + i, classes);
        }
        return out;
    }

    /** Each image's neighbours ({@code n x k}, row-major) and the weights of the edges to them. */
    private record Graph(int[] neighbours, double[] weights, int k) {}

    /** The leading {@code d} columns of the labelled rows, then the unlabelled ones, each scaled to unit length. */
    private static float[] unitRows(FeatureMatrix labelled, FeatureMatrix unlabelled, int d) {
        int n = labelled.rows() + unlabelled.rows();
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            FeatureMatrix from = i < labelled.rows() ? labelled : unlabelled;
            int r = i < labelled.rows() ? i : i - labelled.rows();
            System.arraycopy(from.values(), r * from.cols(), out, i * d, d);
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += (double) out[i * d + j] * out[i * d + j];
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            for (int j = 0; j < d; j++) {
                out[i * d + j] *= scale;
            }
        }
        return out;
    }

    /** Every row's {@code k} most similar other rows, their similarities computed by the engine a block of rows at a time. */
    private Graph graph(float[] unit, int n, int k) {
        int d = unit.length / n;
        int[] neighbourOf = new int[n * k];
        double[] weight = new double[n * k];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray all = manager.create(unit, new Shape(n, d));
            NDArray transposed = all.transpose();
            for (int from = 0; from < n; from += BLOCK) {
                int rows = Math.min(BLOCK, n - from);
                float[] similarity;
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray block = scratch.create(Arrays.copyOfRange(unit, from * d, (from + rows) * d), new Shape(rows, d));
                    similarity = block.matMul(transposed).toFloatArray();
                }
                for (int r = 0; r < rows; r++) {
                    nearest(similarity, r * n, n, from + r, k, neighbourOf, weight, (from + r) * k);
                }
            }
        }
        for (int e = 0; e < weight.length; e++) {
            weight[e] = Math.pow(Math.max(0, weight[e]), power);
        }
        return new Graph(neighbourOf, weight, k);
    }

    /**
     * The {@code k} largest of {@code similarity[offset .. offset+n)} but {@code self}, most similar first, the lower index
     * first among equals, into {@code index} and {@code value} from {@code at}.
     */
    private static void nearest(float[] similarity, int offset, int n, int self, int k, int[] index, double[] value, int at) {
        int found = 0;
        for (int j = 0; j < n; j++) {
            if (j == self) {
                continue;
            }
            float s = similarity[offset + j];
            if (found == k && s <= value[at + k - 1]) {
                continue;
            }
            int p = Math.min(found, k - 1);
            while (p > 0 && value[at + p - 1] < s) {
                value[at + p] = value[at + p - 1];
                index[at + p] = index[at + p - 1];
                p--;
            }
            value[at + p] = s;
            index[at + p] = j;
            found = Math.min(found + 1, k);
        }
    }

    /** The spread scores ({@code n x classes}, row-major) of the graph made symmetric, the first {@code labels.length} rows labelled. */
    private double[] propagate(Graph graph, int[] labels, int n, int classes) {
        int k = graph.k();
        double[] degree = new double[n];
        for (int i = 0; i < n; i++) {
            for (int e = i * k; e < (i + 1) * k; e++) { // the symmetric graph holds half of each directed edge both ways
                degree[i] += graph.weights()[e] / 2;
                degree[graph.neighbours()[e]] += graph.weights()[e] / 2;
            }
        }
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = degree[i] > 0 ? 1 / Math.sqrt(degree[i]) : 0;
        }
        double[] seeds = new double[n * classes];
        for (int i = 0; i < labels.length; i++) {
            seeds[i * classes + labels[i]] = 1;
        }
        double[] scores = seeds.clone();
        double[] next = new double[n * classes];
        for (int round = 0; round < iterations; round++) {
            Arrays.fill(next, 0);
            for (int i = 0; i < n; i++) {
                for (int e = i * k; e < (i + 1) * k; e++) {
                    int j = graph.neighbours()[e];
                    double w = graph.weights()[e] / 2 * scale[i] * scale[j];
                    for (int c = 0; c < classes; c++) {
                        next[i * classes + c] += w * scores[j * classes + c];
                        next[j * classes + c] += w * scores[i * classes + c];
                    }
                }
            }
            for (int x = 0; x < next.length; x++) {
                next[x] = alpha * next[x] + (1 - alpha) * seeds[x];
            }
            double[] swap = scores;
            scores = next;
            next = swap;
        }
        return scores;
    }

    private static int argmaxOrNone(double[] scores, int row, int classes) {
        int best = -1;
        double max = 0;
        for (int c = 0; c < classes; c++) {
            if (scores[row * classes + c] > max) {
                max = scores[row * classes + c];
                best = c;
            }
        }
        return best;
    }
}

package org.eagerae.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Compares the depth-to-space transposed convolution with a direct loop, values and gradients. */
class TransposedConv2dTest {

    private static final int N = 2;
    private static final int H = 3;
    private static final int W = 4;
    private static final int K = 2;

    @Test
    void forwardAndGradientsMatchDirectLoop() {
        matchesDirectLoop(3, 2, false);
    }

    @Test
    void channelsLastInputGivesTheSameValuesAndGradients() {
        matchesDirectLoop(3, 2, true);
    }

    @Test
    void layerWithFewerBlockValuesThanInputChannelsMatchesDirectLoop() {
        // k*k*C_out < C_in: the product is laid out with the pixels as columns
        matchesDirectLoop(9, 2, false);
        matchesDirectLoop(5, 1, true);
    }

    private static void matchesDirectLoop(int cin, int cout, boolean channelsLast) {
        SplittableRandom random = new SplittableRandom(7);
        float[] x = randoms(random, N * cin * H * W);
        float[] w = randoms(random, cin * cout * K * K);
        float[] b = randoms(random, cout);
        float[] g = randoms(random, N * cout * H * K * W * K);

        double[] expected = new double[g.length];
        double[] gradX = new double[x.length];
        double[] gradW = new double[w.length];
        double[] gradB = new double[b.length];
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < cout; o++) {
                for (int h = 0; h < H; h++) {
                    for (int ww = 0; ww < W; ww++) {
                        for (int i = 0; i < K; i++) {
                            for (int j = 0; j < K; j++) {
                                int out = ((n * cout + o) * H * K + h * K + i) * W * K + ww * K + j;
                                double sum = b[o];
                                gradB[o] += g[out];
                                for (int c = 0; c < cin; c++) {
                                    int xi = ((n * cin + c) * H + h) * W + ww;
                                    int wi = ((c * cout + o) * K + i) * K + j;
                                    sum += x[xi] * w[wi];
                                    gradX[xi] += g[out] * w[wi];
                                    gradW[wi] += g[out] * x[xi];
                                }
                                expected[out] = sum;
                            }
                        }
                    }
                }
            }
        }

        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray xa = manager.create(x, new Shape(N, cin, H, W));
            NDArray wa = manager.create(w, new Shape(cin, cout, K, K));
            NDArray ba = manager.create(b, new Shape(cout));
            NDArray ga = manager.create(g, new Shape(N, cout, H * K, W * K));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            ba.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                y = TransposedConv2d.apply(channelsLast ? ChannelsLast.of(xa) : xa, wa, ba, K);
                collector.backward(y.mul(ga).sum());
            }
            assertThat(y.getShape()).isEqualTo(new Shape(N, cout, H * K, W * K));
            assertClose(y.toFloatArray(), expected);
            assertClose(xa.getGradient().toFloatArray(), gradX);
            assertClose(wa.getGradient().toFloatArray(), gradW);
            assertClose(ba.getGradient().toFloatArray(), gradB);
        }
    }

    @Test
    void blockReportsItsOutputShape() {
        TransposedConv2d block = new TransposedConv2d(16, 2);
        Shape[] out = block.getOutputShapes(new Shape[] {new Shape(5, 32, 7, 7)});
        assertThat(out[0]).isEqualTo(new Shape(5, 16, 14, 14));
    }

    private static float[] randoms(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    private static void assertClose(float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5));
        }
    }
}

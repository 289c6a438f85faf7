package org.eagerae.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.LongSupplier;

/** The machine's float32 matrix-multiply rate through the engine: the practical peak to compare against. */
public final class GemmPeak {

    private GemmPeak() {}

    /** Best GFLOP/s of an {@code n x n} by {@code n x n} product over {@code runs} runs after a warm-up, by the wall clock. */
    public static double gflops(int n, int runs) {
        return gflops(n, runs, System::nanoTime);
    }

    /**
     * Best GFLOP/s of an {@code n x n} by {@code n x n} product over {@code runs} runs after a
     * warm-up, timed by {@code clock} (nanoseconds).
     */
    public static double gflops(int n, int runs, LongSupplier clock) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
            for (int i = 0; i < 3; i++) {
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
            }
            double best = Double.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                long t0 = clock.getAsLong();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                best = Math.min(best, (clock.getAsLong() - t0) / 1e9);
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }
}

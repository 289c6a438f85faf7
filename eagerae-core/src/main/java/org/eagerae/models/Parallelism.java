package org.eagerae.models;

import org.eagerae.classify.Method;
import org.eagerae.run.ThreadCount;

/**
 * How a process applies a model with a number of threads: its members (their encoders, and heads
 * for votes) side by side on {@code memberThreads} threads, each engine call using
 * {@code intraOpThreads}. On few cores, members side by side use the cores better than one member
 * at a time with several threads per call (the encoders' convolutions are small). The numbers do
 * not depend on it: the members' computations are independent, and their convolutions and matrix
 * products give the same bits with 1 or 2 intra-op threads (checked on the machine of
 * docs/BENCHMARKS.md; the engine sums in a fixed order for these layers).
 *
 * @param memberThreads  members computed at once
 * @param intraOpThreads the engine's threads per call (a JVM-wide setting, made before the engine starts)
 */
public record Parallelism(int memberThreads, int intraOpThreads) {

    public Parallelism {
        if (memberThreads < 1 || intraOpThreads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + memberThreads + " and " + intraOpThreads);
        }
    }

    /** All threads on each call, one member at a time. */
    public static Parallelism sequential(int threads) {
        return new Parallelism(1, threads);
    }

    /**
     * For a model with {@code threads} threads in all: one member per thread as far as it has members, the rest within calls.
     * The count is checked against this JVM's processors ({@link ThreadCount}): below 1 or far above them is an
     * {@link org.eagerae.InvalidSettingException} of {@code threads}; more threads than processors is logged as a warning.
     */
    public static Parallelism forModel(ModelManifest model, int threads) {
        return forModel(model, threads, ThreadCount.processors());
    }

    /** As {@link #forModel(ModelManifest, int)}, for threads that run on {@code processors} processors. */
    public static Parallelism forModel(ModelManifest model, int threads, int processors) {
        ThreadCount.require("threads", threads, processors);
        int members = model.method().vote() ? model.parts().size() : model.checkpoints().size();
        int side = Math.max(1, Math.min(threads, model.method() == Method.FINE_TUNE ? 1 : members));
        return new Parallelism(side, Math.max(1, threads / side));
    }
}

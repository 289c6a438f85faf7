package org.eagerae.spark;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM-wide guard that lets one member train in an executor JVM at a time. The engine allows
 * one gradient collector per JVM, and a member's seed resets the JVM's random generator, so a
 * second member in the same JVM would fail or, worse, change the first one's numbers. Spark runs
 * one task per executor when {@code spark.task.cpus} equals {@code spark.executor.cores}, which
 * eagerae checks up front; this guard turns any other way of getting two members into one JVM
 * into a clear error instead of wrong numbers. Its state is the member now training in this
 * JVM, which is what it guards, not a cache.
 */
final class OneMemberPerJvm implements AutoCloseable {

    private static final int NONE = -1;
    private static final AtomicInteger TRAINING = new AtomicInteger(NONE);

    private final int member;

    private OneMemberPerJvm(int member) {
        this.member = member;
    }

    /**
     * Claims this JVM for a member until the returned guard is closed.
     *
     * @throws IllegalStateException another member trains in this JVM
     */
    static OneMemberPerJvm claim(int member, String where) {
        if (!TRAINING.compareAndSet(NONE, member)) {
            throw new IllegalStateException("member " + member + " cannot train in " + where + ": member " + TRAINING.get()
                    + " is training in this JVM, and the engine trains one member per JVM at a time; give each executor as many"
                    + " cores as a task takes (spark.executor.cores = spark.task.cpus)");
        }
        return new OneMemberPerJvm(member);
    }

    /** Releases the JVM. */
    @Override
    public void close() {
        TRAINING.compareAndSet(member, NONE);
    }
}

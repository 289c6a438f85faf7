package org.eagerae.cli;

import org.eagerae.run.ThreadCount;

/**
 * Settings the DJL engine reads once, when it starts: they must be made before the first call
 * into DJL. Offline mode (nothing is downloaded at run time) and the intra-op thread count.
 */
final class EngineSetup {

    private EngineSetup() {}

    /** Sets offline mode and the number of intra-op threads for this JVM's engine. */
    static void configure(int threads) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** The processors this JVM may use ({@link ThreadCount#processors()}). */
    static int cores() {
        return ThreadCount.processors();
    }
}

package org.eagerae.worker;

import java.util.Map;

/**
 * Allocator settings for processes that run the engine. By default glibc hands every large
 * tensor buffer back to the operating system when it is freed, and page-faults it in again on
 * the next batch; keeping freed memory for reuse makes an MNIST epoch about a third faster. Since
 * each of glibc's arenas then keeps what it once held, the arenas are capped at two (glibc's
 * default is eight per core, one for nearly every thread that allocates): without the cap the
 * CIFAR-10 label study kept several GB more and ran out of memory on 24 GiB. glibc reads these
 * variables at process start, so they are set for worker processes (and by the {@code eagerae}
 * launcher for the main process); values already in the environment win.
 */
public final class NativeMemory {

    /** The environment variables and their values. */
    public static final Map<String, String> ENVIRONMENT = Map.of(
            "MALLOC_MMAP_THRESHOLD_", "33554432",
            "MALLOC_TRIM_THRESHOLD_", "1073741824",
            "MALLOC_TOP_PAD_", "268435456",
            "MALLOC_ARENA_MAX", "2",
            "TORCH_CPP_LOG_LEVEL", "ERROR");

    private NativeMemory() {}

    /**
     * Adds the settings to a child process's environment, keeping values already there; with
     * {@code EAGERAE_ALLOCATOR=glibc} only the log level is set (glibc's defaults, for comparisons).
     */
    public static void applyTo(Map<String, String> environment) {
        boolean glibc = "glibc".equals(environment.get("EAGERAE_ALLOCATOR"));
        ENVIRONMENT.forEach((k, v) -> {
            if (!glibc || !k.startsWith("MALLOC_")) {
                environment.putIfAbsent(k, v);
            }
        });
    }
}

package org.eagerae.worker;

/**
 * How long a worker took from its spawn to its first batch (JVM, engine, data, model): wall-clock
 * seconds, and the CPU seconds the worker process used meanwhile, which is about the wall-clock
 * time it takes on a core of its own, however busy the machine is.
 *
 * @param wallSeconds wall-clock seconds
 * @param cpuSeconds  CPU seconds of the worker process (all its threads)
 */
public record WorkerStartup(double wallSeconds, double cpuSeconds) {}

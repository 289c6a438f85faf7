/**
 * Worker processes: one JVM per member at a time (DJL's PyTorch engine allows one gradient collector
 * per JVM). {@link org.eagerae.worker.ProcessBackend} is the {@code processes} backend; it keeps a
 * {@link org.eagerae.worker.WorkerPool} of {@link org.eagerae.worker.WorkerProcess}es that speak a
 * typed protocol whose every message carries its job id ({@link org.eagerae.worker.WorkerCommand},
 * {@link org.eagerae.worker.WorkerEvent}); their jobs are training members and fine-tuning them
 * ({@link org.eagerae.worker.WorkerFineTuner}). Also here: the class path a worker starts with (where
 * this JVM loaded eagerae from), the class-data archive that starts a worker warm, its log and the line
 * of it that says why a worker died, the native allocator settings it inherits, and the fault hook tests use.
 */
package org.eagerae.worker;

/**
 * A run folder and what decides its numbers: {@link org.eagerae.run.RunSpec} (data, model,
 * optimiser, stopping rule, seeds, threads; stored in {@code run.json}) apart from how one
 * invocation executes it ({@link org.eagerae.run.Execution}); {@link org.eagerae.run.RunDirectory},
 * the one owner of every path in the folder, with its lock, manifest and schedule; the member jobs
 * and their states; and the choice of each member's checkpoint
 * ({@link org.eagerae.run.CheckpointChoice}) that {@code classify} and {@code models} read. No
 * backend or worker lives here: this is what every backend reads and writes.
 */
package org.eagerae.run;

/**
 * Ensembles of members trained as jobs on a backend: what decides a run's numbers
 * ({@link org.eagerae.ensemble.RunSpec}, stored in {@code run.json}) apart from how one invocation
 * runs it ({@link org.eagerae.ensemble.Execution}); the run folder and its one owner
 * ({@link org.eagerae.ensemble.RunDirectory}) with its lock; the backends (inline, worker processes,
 * and others found through {@link org.eagerae.ensemble.BackendProvider}); and the worker protocol,
 * typed messages with job ids ({@link org.eagerae.ensemble.WorkerCommand},
 * {@link org.eagerae.ensemble.WorkerEvent}), whose jobs are training members and fine-tuning them
 * ({@link org.eagerae.ensemble.WorkerFineTuner}).
 */
package org.eagerae.ensemble;

/**
 * Ensembles of members trained as jobs on a backend: {@link org.eagerae.ensemble.Ensemble} starts
 * or resumes a run and hands its member jobs to a {@link org.eagerae.ensemble.Backend}; the inline
 * backend trains them one after the other in this JVM, members side by side step by step
 * ({@link org.eagerae.ensemble.Lockstep}); other backends (worker processes, Spark) are found
 * through {@link org.eagerae.ensemble.BackendProvider}. What decides the numbers and the run folder
 * live one floor down, in {@code org.eagerae.run}; worker processes one floor up, in
 * {@code org.eagerae.worker}.
 */
package org.eagerae.ensemble;

/**
 * The paper's study: the monolithic CAE against the eager parallel ensemble, repeated over seeds
 * ({@link org.eagerae.experiment.Experiment}); its settings ({@link org.eagerae.experiment.ExperimentConfig}),
 * the paths of its folder ({@link org.eagerae.experiment.ExperimentLayout}), how a result's checkpoints
 * were chosen, by epoch or at equal wall-clock ({@link org.eagerae.experiment.Selection}), the statistics over repeats
 * (mean, sd, n and paired comparisons) and the HTML report with its figures
 * ({@link org.eagerae.experiment.ExperimentReport}).
 */
package org.eagerae.experiment;

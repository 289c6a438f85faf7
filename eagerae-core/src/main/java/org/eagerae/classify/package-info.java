/**
 * Classifiers on the encoders of a run: the paper's per-member classifier ({@code single}), the
 * classifier on stacked activations, soft and hard votes, end-to-end fine-tuning, and heads that also learn from
 * labels spread to unlabelled images ({@link org.eagerae.classify.LabelSpreading})
 * ({@link org.eagerae.classify.Classification}, members fine-tuned where a
 * {@link org.eagerae.classify.FineTuning} says); features, standardisation, the principal components
 * heads train on ({@link org.eagerae.classify.PrincipalComponents}), the classifier network
 * and its training; and the PyTorch {@code state_dict} names weights are saved under
 * ({@link org.eagerae.classify.StateDict}). Every trained classifier goes to a
 * {@link org.eagerae.classify.ModelSink}. Two classifiers scored on the same test images are compared by
 * {@link org.eagerae.classify.McNemar}'s test.
 */
package org.eagerae.classify;

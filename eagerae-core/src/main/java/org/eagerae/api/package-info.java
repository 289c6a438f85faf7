/**
 * The Java API: train an ensemble ({@link org.eagerae.api.EnsembleTrainer}), train and save its
 * classifiers ({@link org.eagerae.api.ClassifierTrainer}) and apply a saved model in an application
 * ({@link org.eagerae.api.ImageClassifier}), without the command line.
 */
package org.eagerae.api;

/**
 * Applying saved models to new images: batches of images through a model into CSV or JSON Lines
 * rows ({@link org.eagerae.predict.BatchPrediction}), encoder activations into {@code .npy} files
 * ({@link org.eagerae.predict.FeatureExport}).
 */
package org.eagerae.predict;

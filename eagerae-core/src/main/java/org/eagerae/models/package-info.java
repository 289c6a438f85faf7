/**
 * Saved models: what {@code classify} trains, kept in the run folder under a name
 * ({@link org.eagerae.models.ModelStore}, which owns the layout of {@code models/}), described by a
 * manifest ({@link org.eagerae.models.ModelManifest}), loaded for prediction
 * ({@link org.eagerae.models.SavedModel}) and exported for PyTorch ({@link org.eagerae.models.ModelExport}).
 */
package org.eagerae.models;

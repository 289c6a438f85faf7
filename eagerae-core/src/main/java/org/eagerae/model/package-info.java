/**
 * The convolutional autoencoder: its layers as data ({@link org.eagerae.model.Architecture}) and for images of
 * one shape, padded where the pooling does not divide their sides ({@link org.eagerae.model.CaeSpec}), the
 * model built from it ({@link org.eagerae.model.Cae}), the transposed convolution the engine lacks
 * ({@link org.eagerae.model.TransposedConv2d}), the channels-last memory format the model computes
 * in ({@link org.eagerae.model.ChannelsLast}) and the seeded initialisation.
 */
package org.eagerae.model;

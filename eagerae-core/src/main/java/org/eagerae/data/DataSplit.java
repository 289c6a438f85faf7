package org.eagerae.data;

/**
 * The three parts of a dataset as the paper uses them.
 *
 * @param train      the images the autoencoders (and classifiers) train on
 * @param validation held out from the training file, for stopping and model choice
 * @param test       the official test set
 */
public record DataSplit(ImageDataset train, ImageDataset validation, ImageDataset test) {}

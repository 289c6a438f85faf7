package org.eagerae.data;

/**
 * A dataset as published: its training file and its test file, decoded when a split draws from them.
 *
 * @param train the training file's images
 * @param test  the test file's images
 */
public record TrainTest(ImageSet train, ImageSet test) {}

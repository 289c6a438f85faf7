package org.eagerae.spark;

import java.io.Serializable;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;

/**
 * The images members train on, as the driver broadcasts them to executors: the training and
 * validation splits exactly as the driver loaded them (the test split stays on the driver). So
 * executors need no data folder, no fetch and no decoding, and every executor trains on the same
 * floats as the driver and the other backends.
 *
 * @param train      training images
 * @param validation validation images
 */
record TrainingData(Images train, Images validation) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One split's arrays. */
    record Images(float[] pixels, int[] labels, int channels, int height, int width, int classes) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Images of(ImageDataset data) {
            return new Images(data.pixels(), data.labels(), data.channels(), data.height(), data.width(), data.classes());
        }

        ImageDataset toDataset() {
            return new ImageDataset(pixels, labels, channels, height, width, classes);
        }
    }

    /** The training and validation images of a loaded split. */
    static TrainingData of(DataSplit split) {
        return new TrainingData(Images.of(split.train()), Images.of(split.validation()));
    }

    /** A split with these images and no test images, which training does not use. */
    DataSplit toSplit() {
        ImageDataset validationImages = validation.toDataset();
        return new DataSplit(train.toDataset(), validationImages, validationImages.head(0));
    }
}

package org.eagerae.spark;

import java.io.Serializable;
import org.eagerae.data.DataSplit;

/**
 * The images of {@code classify}, as the driver broadcasts them to executors: every split exactly as the driver
 * reads it (with a label budget applied), so that each member's activations and heads on an executor are those of the
 * driver.
 *
 * @param train        training images
 * @param validation   validation images
 * @param test         test images
 * @param unsupervised the images the classifiers fit their unsupervised steps on, without labels; null: the training images
 */
record ClassifierImages(TrainingData.Images train, TrainingData.Images validation, TrainingData.Images test,
        TrainingData.Images unsupervised) implements Serializable {

    private static final long serialVersionUID = 1L;

    static ClassifierImages of(DataSplit split) {
        return new ClassifierImages(TrainingData.Images.of(split.train()), TrainingData.Images.of(split.validation()),
                TrainingData.Images.of(split.test()), split.unsupervised() == null ? null : TrainingData.Images.of(split.unsupervised()));
    }

    DataSplit toSplit() {
        return new DataSplit(train.toDataset(), validation.toDataset(), test.toDataset(), unsupervised == null ? null : unsupervised.toDataset());
    }
}

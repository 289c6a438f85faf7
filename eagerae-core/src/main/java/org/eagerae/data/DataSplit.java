package org.eagerae.data;

/**
 * The three parts of a dataset as the paper uses them, and the images a classifier may learn from without their labels.
 *
 * @param train        the images the autoencoders (and classifiers) train on
 * @param validation   held out from the training file, for stopping and model choice
 * @param test         the official test set
 * @param unsupervised images whose pixels, never labels (they carry -1), the classifiers fit their unsupervised steps on
 *                     (standardisation, principal components, label spreading): with a label budget, the whole training
 *                     split, labelled or not; with a run's unlabelled images, those too; null: the training split itself
 */
public record DataSplit(ImageDataset train, ImageDataset validation, ImageDataset test, ImageDataset unsupervised) {

    /** A split whose classifiers fit everything on its training split. */
    public DataSplit(ImageDataset train, ImageDataset validation, ImageDataset test) {
        this(train, validation, test, null);
    }

    /**
     * How many images an encoder reads to classify with this split: every split's, and the unsupervised images where they are
     * not the training split itself.
     */
    public int imagesEncoded() {
        return train.size() + validation.size() + test.size() + (unsupervised == null ? 0 : unsupervised.size());
    }

    /** The images the classifiers' unsupervised steps are fitted on: {@link #unsupervised}, or the training split. */
    public ImageDataset unsupervisedImages() {
        return unsupervised == null ? train : unsupervised;
    }
}

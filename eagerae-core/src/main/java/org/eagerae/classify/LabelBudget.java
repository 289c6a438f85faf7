package org.eagerae.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.eagerae.InvalidSettingException;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;

/**
 * The labels a classifier may see when only {@code labelsPerClass} images of each class are labelled
 * ({@link ClassifierOptions#labelsPerClass()}): a seeded, stratified choice of that many images of each class
 * from the run's training split. Of each class's chosen images, {@link #validationPerClass} are the budget's own
 * validation labels (what heads early-stop on and {@code --epoch best} chooses by), the rest its training labels;
 * the run's validation split is not read. The test split stays whole: it only reports. The whole training split stays too,
 * without its labels ({@link DataSplit#unsupervised}, with a run's unlabelled images if {@code data} has them): the
 * classifiers' standardisation, principal components and label spreading read all of it, as the autoencoders trained on
 * all of it.
 *
 * @param labelsPerClass labelled images per class, training and validation together (at least 2)
 * @param seed           which images are chosen
 */
public record LabelBudget(int labelsPerClass, long seed) {

    /** The share of each class's labels held out for validation (rounded, at least one image). */
    public static final double VALIDATION_SHARE = 0.2;

    public LabelBudget {
        InvalidSettingException.require(labelsPerClass >= 2, "labelsPerClass",
                "must be >= 2 (one training and one validation label per class)", labelsPerClass);
    }

    /** The budget {@code options} ask for, drawn with their seed; {@code data} itself when they ask for none. */
    public static DataSplit apply(DataSplit data, ClassifierOptions options) {
        return options.labelsPerClass() == 0 ? data : new LabelBudget(options.labelsPerClass(), options.seed()).choose(data);
    }

    /** Validation labels per class: {@link #VALIDATION_SHARE} of the budget, rounded, at least 1. */
    public int validationPerClass() {
        return Math.max(1, (int) Math.round(labelsPerClass * VALIDATION_SHARE));
    }

    /**
     * The budget's split of {@code data}: training and validation images from its training split, {@code labelsPerClass} of
     * each class in all, each in the training split's order; the test split as it is; and as its unsupervised images the
     * training split's (all of it, unless {@code data} names others), without labels.
     *
     * @throws InvalidSettingException when a class has fewer training images than the budget
     */
    public DataSplit choose(DataSplit data) {
        ImageDataset train = data.train();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < train.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        int[] labels = train.labels();
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        Random random = new Random(seed);
        int validation = validationPerClass();
        int[] trainIndices = new int[(labelsPerClass - validation) * byClass.size()];
        int[] validationIndices = new int[validation * byClass.size()];
        int t = 0;
        int v = 0;
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> images = byClass.get(c);
            if (images.size() < labelsPerClass) {
                throw new InvalidSettingException("labelsPerClass", "labelsPerClass " + labelsPerClass + " is more than class " + c
                        + " has in the training split (" + images.size() + " images)");
            }
            Collections.shuffle(images, random);
            for (int i = 0; i < labelsPerClass; i++) {
                if (i < validation) {
                    validationIndices[v++] = images.get(i);
                } else {
                    trainIndices[t++] = images.get(i);
                }
            }
        }
        Arrays.sort(trainIndices);
        Arrays.sort(validationIndices);
        // the labels outside the budget are gone; the images stay, without labels, for the classifiers' unsupervised steps
        return new DataSplit(train.select(trainIndices), train.select(validationIndices), data.test(), data.unsupervisedImages().withoutLabels());
    }
}

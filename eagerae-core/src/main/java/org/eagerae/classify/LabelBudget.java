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
 * The labels a classifier may see when only a few training images are labelled ({@link ClassifierOptions#labelsPerClass()}
 * or {@link ClassifierOptions#labelsInAll()}): a seeded, stratified choice from the run's training split, either
 * {@code labels} images of each class ({@link Scope#PER_CLASS}) or {@code labels} images in all, shared among the classes
 * in their proportions in the training split ({@link Scope#IN_ALL}, each class at least two). Of each class's chosen
 * images, a fifth ({@link #VALIDATION_SHARE}, rounded, at least one) are the budget's own validation labels (what heads
 * early-stop on and {@code --epoch best} chooses by), the rest its training labels; the run's validation split is not
 * read. The test split stays whole: it only reports. The whole training split stays too, without its labels
 * ({@link DataSplit#unsupervised}, with a run's unlabelled images if {@code data} has them): the classifiers'
 * standardisation, principal components and label spreading read all of it, as the autoencoders trained on all of it.
 *
 * @param labels how many labelled images: per class, or in all, as {@code scope} says; training and validation together
 * @param scope  whether {@code labels} counts each class's images or all of them
 * @param seed   which images are chosen
 */
public record LabelBudget(int labels, Scope scope, long seed) {

    /** What a budget's number counts. */
    public enum Scope {
        /** Labelled images of each class. */
        PER_CLASS,
        /** Labelled images in all, each class's share in its proportion of the training split. */
        IN_ALL
    }

    /** The share of each class's labels held out for validation (rounded, at least one image). */
    public static final double VALIDATION_SHARE = 0.2;

    /** The fewest labels a class can have under a budget: one to train on and one to early-stop on. */
    public static final int FEWEST_PER_CLASS = 2;

    public LabelBudget {
        InvalidSettingException.require(scope != null, "scope", "must be set", scope);
        InvalidSettingException.require(labels >= FEWEST_PER_CLASS, settingName(scope),
                "must be >= 2 (one training and one validation label per class)", labels);
    }

    /** {@code labelsPerClass} labelled images of each class, drawn with {@code seed}. */
    public LabelBudget(int labelsPerClass, long seed) {
        this(labelsPerClass, Scope.PER_CLASS, seed);
    }

    /** {@code labels} labelled images in all, each class's share in its proportion, drawn with {@code seed}. */
    public static LabelBudget inAll(int labels, long seed) {
        return new LabelBudget(labels, Scope.IN_ALL, seed);
    }

    /** The budget {@code options} ask for, drawn with their seed; {@code data} itself when they ask for none. */
    public static DataSplit apply(DataSplit data, ClassifierOptions options) {
        return options.labelBudget().map(budget -> budget.choose(data)).orElse(data);
    }

    /**
     * Validation labels per class of a budget per class: {@link #VALIDATION_SHARE} of it, rounded, at least 1.
     *
     * @throws IllegalStateException for a budget in all, whose classes differ ({@link #quotas})
     */
    public int validationPerClass() {
        if (scope != Scope.PER_CLASS) {
            throw new IllegalStateException("a budget in all has no one number of validation labels per class; see quotas(...)");
        }
        return validationOf(labels);
    }

    /** Validation labels of a class given {@code quota} labels: {@link #VALIDATION_SHARE} of them, rounded, at least 1. */
    private static int validationOf(int quota) {
        return Math.max(1, (int) Math.round(quota * VALIDATION_SHARE));
    }

    /**
     * The budget's split of {@code data}: training and validation images from its training split, each class's quota
     * ({@link #quotas}) in all, each in the training split's order; the test split as it is; and as its unsupervised images
     * the training split's (all of it, unless {@code data} names others), without labels.
     *
     * @throws InvalidSettingException when a class has fewer training images than its quota, or a budget in all is fewer
     *                                 than two labels per class or more than the training split has
     */
    public DataSplit choose(DataSplit data) {
        ImageDataset train = data.train();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < train.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        int[] labelsOf = train.labels();
        for (int i = 0; i < labelsOf.length; i++) {
            byClass.get(labelsOf[i]).add(i);
        }
        int[] quotas = quotas(byClass.stream().mapToInt(List::size).toArray());
        Random random = new Random(seed);
        List<Integer> trainIndices = new ArrayList<>();
        List<Integer> validationIndices = new ArrayList<>();
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> images = byClass.get(c);
            if (images.size() < quotas[c]) {
                throw new InvalidSettingException(settingName(scope), scope == Scope.PER_CLASS
                        ? "labelsPerClass " + labels + " is more than class " + c + " has in the training split (" + images.size() + " images)"
                        : "labelsInAll " + labels + " gives class " + c + " " + quotas[c] + " labels, more than it has in the training split ("
                                + images.size() + " images)");
            }
            Collections.shuffle(images, random);
            int validation = validationOf(quotas[c]);
            for (int i = 0; i < quotas[c]; i++) {
                (i < validation ? validationIndices : trainIndices).add(images.get(i));
            }
        }
        // the labels outside the budget are gone; the images stay, without labels, for the classifiers' unsupervised steps
        return new DataSplit(train.select(sorted(trainIndices)), train.select(sorted(validationIndices)), data.test(),
                data.unsupervisedImages().withoutLabels());
    }

    /**
     * How many labelled images of each class the budget takes, given each class's image count in the training split. Per
     * class: {@code labels} each. In all: each class's share of {@code labels} in its proportion, rounded down, at least
     * {@link #FEWEST_PER_CLASS}; the labels left over go one each to the classes whose exact share was rounded down the most
     * (the largest-remainder rule), and labels over the budget (from the minimum) come off the classes rounded up the most.
     * Ties go to the lower class.
     *
     * @throws InvalidSettingException when a budget in all is fewer than {@link #FEWEST_PER_CLASS} per class or more images
     *                                 than the training split has
     */
    public int[] quotas(int[] imagesPerClass) {
        int classes = imagesPerClass.length;
        int[] quotas = new int[classes];
        if (scope == Scope.PER_CLASS) {
            Arrays.fill(quotas, labels);
            return quotas;
        }
        long images = Arrays.stream(imagesPerClass).asLongStream().sum();
        if (labels < FEWEST_PER_CLASS * classes) {
            throw new InvalidSettingException("labelsInAll", "labelsInAll " + labels + " is fewer than " + FEWEST_PER_CLASS + " per class: the "
                    + classes + " classes need at least " + FEWEST_PER_CLASS * classes + " (one training and one validation label each)");
        }
        if (labels > images) {
            throw new InvalidSettingException("labelsInAll", "labelsInAll " + labels + " is more than the training split's " + images + " images");
        }
        double[] exact = new double[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            exact[c] = (double) labels * imagesPerClass[c] / images;
            quotas[c] = Math.max(FEWEST_PER_CLASS, (int) Math.floor(exact[c]));
            given += quotas[c];
        }
        for (; given < labels; given++) {
            quotas[mostRoundedDown(exact, quotas, imagesPerClass)]++;
        }
        for (; given > labels; given--) {
            quotas[mostRoundedUp(exact, quotas)]--;
        }
        return quotas;
    }

    /** The class whose quota is furthest below its exact share and below its image count. */
    private static int mostRoundedDown(double[] exact, int[] quotas, int[] imagesPerClass) {
        int best = -1;
        for (int c = 0; c < exact.length; c++) {
            if (quotas[c] < imagesPerClass[c] && (best < 0 || exact[c] - quotas[c] > exact[best] - quotas[best])) {
                best = c;
            }
        }
        return best;
    }

    /** The class whose quota is furthest above its exact share, among those above the fewest. */
    private static int mostRoundedUp(double[] exact, int[] quotas) {
        int best = -1;
        for (int c = 0; c < exact.length; c++) {
            if (quotas[c] > FEWEST_PER_CLASS && (best < 0 || quotas[c] - exact[c] > quotas[best] - exact[best])) {
                best = c;
            }
        }
        return best;
    }

    /** The budget in words: "10 labels per class" or "100 labels in all". */
    public String describe() {
        return labels + (scope == Scope.PER_CLASS ? " labels per class" : " labels in all");
    }

    /** The name of the setting that gives a budget of {@code scope}: {@code labelsPerClass} or {@code labelsInAll}. */
    private static String settingName(Scope scope) {
        return scope == Scope.PER_CLASS ? "labelsPerClass" : "labelsInAll";
    }

    /**
     * Checks a setting that may hold a budget of {@code scope}: 0 (every label) or at least {@link #FEWEST_PER_CLASS}.
     *
     * @throws InvalidSettingException naming the setting otherwise
     */
    public static void requireBudgetOrZero(Scope scope, int labels) {
        InvalidSettingException.require(labels == 0 || labels >= FEWEST_PER_CLASS, settingName(scope),
                "must be 0 (every label) or >= 2 (one training and one validation label per class)", labels);
    }

    private static int[] sorted(List<Integer> indices) {
        return indices.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}

package org.eagerae.data;

import java.util.SplittableRandom;
import org.eagerae.InvalidInputException;

/** Seeded splits and resamples of datasets. */
public final class Splits {

    private Splits() {}

    /**
     * Shuffles the training file with {@code seed} and takes the first {@code trainSize} images
     * as training split and the next {@code valSize} as validation split; the test split is the
     * first {@code testSize} images of the test file (all when 0).
     */
    public static DataSplit split(ImageSet trainFile, ImageSet testFile, int trainSize, int valSize, int testSize, long seed) {
        if ((long) trainSize + valSize > trainFile.size()) {
            throw new InvalidInputException("asked for " + trainSize + " training + " + valSize
                    + " validation images but the training file has only " + trainFile.size());
        }
        if (testSize > testFile.size()) {
            throw new InvalidInputException("asked for " + testSize + " test images but the test file has only " + testFile.size());
        }
        int[] order = permutation(trainFile.size(), seed);
        int[] train = new int[trainSize];
        int[] val = new int[valSize];
        System.arraycopy(order, 0, train, 0, trainSize);
        System.arraycopy(order, trainSize, val, 0, valSize);
        ImageDataset test = testSize == 0 ? testFile.all() : testFile.head(testSize);
        return new DataSplit(trainFile.select(train), trainFile.select(val), test);
    }

    /**
     * Splits one labelled set (a folder of images, which has no separate test file) into train,
     * validation and test: shuffled with {@code seed}; the test split takes {@code testSize} of the
     * images left over, or all of them when 0.
     */
    public static DataSplit splitWithTest(ImageDataset all, int trainSize, int valSize, int testSize, long seed) {
        int rest = all.size() - trainSize - valSize;
        if (rest < 1 || testSize > rest) {
            throw new InvalidInputException("asked for " + trainSize + " training + " + valSize + " validation + "
                    + (testSize == 0 ? "at least 1" : String.valueOf(testSize)) + " test images but the folder has only " + all.size());
        }
        int[] order = permutation(all.size(), seed);
        int tests = testSize == 0 ? rest : testSize;
        return new DataSplit(all.select(java.util.Arrays.copyOfRange(order, 0, trainSize)),
                all.select(java.util.Arrays.copyOfRange(order, trainSize, trainSize + valSize)),
                all.select(java.util.Arrays.copyOfRange(order, trainSize + valSize, trainSize + valSize + tests)));
    }

    /** A bootstrap resample: as many images as {@code data}, drawn with replacement. */
    public static ImageDataset bootstrap(ImageDataset data, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] idx = new int[data.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = random.nextInt(data.size());
        }
        return data.select(idx);
    }

    /** A seeded Fisher–Yates permutation of {@code 0..n-1}. */
    public static int[] permutation(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}

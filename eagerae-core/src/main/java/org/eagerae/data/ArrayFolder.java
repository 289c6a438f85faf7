package org.eagerae.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.eagerae.InvalidInputException;
import org.eagerae.io.Npy;

/**
 * A folder of labelled images as NumPy arrays: {@code images.npy}, float32 of shape
 * {@code (N, C, H, W)} with values in [0,1], and {@code labels.npy}, int32 or int64 of shape
 * {@code (N,)}. The Java API keeps in-memory images this way; {@code numpy.save} writes the same files.
 */
public final class ArrayFolder {

    /** The images file. */
    public static final String IMAGES = "images.npy";
    /** The labels file. */
    public static final String LABELS = "labels.npy";

    private ArrayFolder() {}

    /** Writes images ({@code channels x height x width} values in [0,1] each) and their labels into {@code dir}, after {@link #check}. */
    public static void write(Path dir, float[][] images, int[] labels, int channels, int height, int width) {
        check(images, labels, channels, height, width);
        int per = channels * height * width;
        float[] pixels = new float[images.length * per];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, pixels, i * per, per);
        }
        Npy.write(dir.resolve(IMAGES), pixels, images.length, channels, height, width);
        Npy.write(dir.resolve(LABELS), labels, labels.length);
    }

    /**
     * Checks images in memory as {@link #write} would write them: one label per image, each image
     * {@code channels x height x width} values in [0,1], labels from 0.
     *
     * @throws InvalidInputException what is wrong, e.g. {@code pixel values must be in [0, 1]; found max 255.0 at image 3}
     */
    public static void check(float[][] images, int[] labels, int channels, int height, int width) {
        if (images.length != labels.length) {
            throw new InvalidInputException(images.length + " images but " + labels.length + " labels");
        }
        int per = channels * height * width;
        PixelRange range = new PixelRange();
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != per) {
                throw new InvalidInputException("image " + i + " has " + images[i].length + " values, not " + channels + "x" + height + "x" + width);
            }
            range.add(images[i], 0, per, i);
        }
        range.problem().ifPresent(problem -> {
            throw new InvalidInputException(problem);
        });
        if (Arrays.stream(labels).anyMatch(l -> l < 0)) {
            throw new InvalidInputException("labels must be class indices >= 0");
        }
    }

    /** The shape of one image in the folder's {@code images.npy}: channels, height, width. */
    public static int[] imageShape(Path dir) {
        long[] shape = images(dir.resolve(IMAGES)).shape();
        return new int[] {(int) shape[1], (int) shape[2], (int) shape[3]};
    }

    /** The number of images in the folder's {@code images.npy}, read from its header. */
    public static long imageCount(Path dir) {
        return images(dir.resolve(IMAGES)).shape()[0];
    }

    /** Reads the images and labels; the classes are the labels' range {@code 0..max}. */
    public static ImageDataset load(Path dir) {
        Npy.Array images = images(dir.resolve(IMAGES));
        Path labelsFile = dir.resolve(LABELS);
        Npy.Array labels = Npy.read(labelsFile);
        long n = images.shape()[0];
        boolean wide = labels.descr().equals(Npy.INT64);
        if (!(wide || labels.descr().equals(Npy.INT32)) || labels.shape().length != 1 || labels.shape()[0] != n) {
            throw new InvalidInputException(labelsFile + ": expected int32 or int64 of shape (" + n + ",), got " + labels.descr() + " "
                    + Arrays.toString(labels.shape()));
        }
        float[] pixels = pixels(dir.resolve(IMAGES), images);
        int[] values = new int[(int) n];
        int classes = 1;
        for (int i = 0; i < n; i++) {
            long label = wide ? labels.data().getLong() : labels.data().getInt();
            if (label < 0 || label >= Integer.MAX_VALUE) {
                throw new InvalidInputException(labelsFile + ": label " + label + " at index " + i + " is not a class index");
            }
            values[i] = (int) label;
            classes = Math.max(classes, values[i] + 1);
        }
        long[] s = images.shape();
        return new ImageDataset(pixels, values, (int) s[1], (int) s[2], (int) s[3], classes);
    }

    /**
     * The images of an {@code images.npy} file without labels (each labelled {@code -1}), checked as {@link #load} checks them.
     *
     * @throws InvalidInputException naming the file: not float32 of shape (N, C, H, W), or values outside [0, 1]
     */
    public static ImageDataset loadUnlabelled(Path file) {
        Npy.Array images = images(file);
        float[] pixels = pixels(file, images);
        long[] s = images.shape();
        return ImageDataset.unlabelled(pixels, (int) s[1], (int) s[2], (int) s[3], 1);
    }

    /** The values of {@code images} (read from {@code file}), refused unless every one is in [0, 1]. */
    private static float[] pixels(Path file, Npy.Array images) {
        long n = images.shape()[0];
        float[] pixels = new float[Math.toIntExact(images.size())];
        images.data().asFloatBuffer().get(pixels);
        int per = Math.toIntExact(images.size() / Math.max(1, n));
        PixelRange range = new PixelRange();
        for (int i = 0; i < n; i++) {
            range.add(pixels, i * per, per, i);
        }
        range.problem().ifPresent(problem -> {
            throw new InvalidInputException(file + ": " + problem);
        });
        return pixels;
    }

    private static Npy.Array images(Path file) {
        Npy.Array images = Npy.read(file);
        if (!images.descr().equals(Npy.FLOAT32) || images.shape().length != 4) {
            throw new InvalidInputException(file + ": expected float32 of shape (N, C, H, W), got " + images.descr() + " "
                    + Arrays.toString(images.shape()));
        }
        return images;
    }

    /**
     * The values of images seen so far, to say how they leave [0,1]: the first NaN, else the
     * largest value above 1 or the smallest below 0, with the first image that holds it.
     */
    private static final class PixelRange {
        private int nanImage = -1;
        private float max = 1;
        private int maxImage = -1;
        private float min = 0;
        private int minImage = -1;

        void add(float[] values, int from, int count, int image) {
            for (int p = from; p < from + count; p++) {
                float v = values[p];
                if (v >= 0 && v <= 1) {
                    continue; // the common case; NaN fails both comparisons
                }
                if (Float.isNaN(v)) {
                    if (nanImage < 0) {
                        nanImage = image;
                    }
                } else if (v > max) {
                    max = v;
                    maxImage = image;
                } else if (v < min) {
                    min = v;
                    minImage = image;
                }
            }
        }

        Optional<String> problem() {
            String rule = "pixel values must be in [0, 1]; found ";
            if (nanImage >= 0) {
                return Optional.of(rule + "NaN at image " + nanImage);
            }
            if (maxImage >= 0) {
                return Optional.of(rule + "max " + max + " at image " + maxImage);
            }
            if (minImage >= 0) {
                return Optional.of(rule + "min " + min + " at image " + minImage);
            }
            return Optional.empty();
        }
    }
}

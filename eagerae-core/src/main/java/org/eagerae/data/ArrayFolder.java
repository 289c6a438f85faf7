package org.eagerae.data;

import java.nio.file.Path;
import java.util.Arrays;
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

    /** Writes images ({@code channels x height x width} values in [0,1] each) and their labels into {@code dir}. */
    public static void write(Path dir, float[][] images, int[] labels, int channels, int height, int width) {
        if (images.length != labels.length) {
            throw new InvalidInputException(images.length + " images but " + labels.length + " labels");
        }
        int per = channels * height * width;
        float[] pixels = new float[images.length * per];
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != per) {
                throw new InvalidInputException("image " + i + " has " + images[i].length + " values, not " + channels + "x" + height + "x" + width);
            }
            for (float v : images[i]) {
                if (!(v >= 0 && v <= 1)) {
                    throw new InvalidInputException("image " + i + " has the value " + v + "; pixels must lie in [0,1]");
                }
            }
            System.arraycopy(images[i], 0, pixels, i * per, per);
        }
        if (Arrays.stream(labels).anyMatch(l -> l < 0)) {
            throw new InvalidInputException("labels must be class indices >= 0");
        }
        Npy.write(dir.resolve(IMAGES), pixels, images.length, channels, height, width);
        Npy.write(dir.resolve(LABELS), labels, labels.length);
    }

    /** The shape of one image in the folder's {@code images.npy}: channels, height, width. */
    public static int[] imageShape(Path dir) {
        long[] shape = images(dir).shape();
        return new int[] {(int) shape[1], (int) shape[2], (int) shape[3]};
    }

    /** The number of images in the folder's {@code images.npy}, read from its header. */
    public static long imageCount(Path dir) {
        return images(dir).shape()[0];
    }

    /** Reads the images and labels; the classes are the labels' range {@code 0..max}. */
    public static ImageDataset load(Path dir) {
        Npy.Array images = images(dir);
        Path labelsFile = dir.resolve(LABELS);
        Npy.Array labels = Npy.read(labelsFile);
        long n = images.shape()[0];
        boolean wide = labels.descr().equals(Npy.INT64);
        if (!(wide || labels.descr().equals(Npy.INT32)) || labels.shape().length != 1 || labels.shape()[0] != n) {
            throw new InvalidInputException(labelsFile + ": expected int32 or int64 of shape (" + n + ",), got " + labels.descr() + " "
                    + Arrays.toString(labels.shape()));
        }
        float[] pixels = new float[Math.toIntExact(images.size())];
        images.data().asFloatBuffer().get(pixels);
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

    private static Npy.Array images(Path dir) {
        Path file = dir.resolve(IMAGES);
        Npy.Array images = Npy.read(file);
        if (!images.descr().equals(Npy.FLOAT32) || images.shape().length != 4) {
            throw new InvalidInputException(file + ": expected float32 of shape (N, C, H, W), got " + images.descr() + " "
                    + Arrays.toString(images.shape()));
        }
        return images;
    }
}

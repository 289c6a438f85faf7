package org.eagerae.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled images held in memory as floats in [0,1], laid out N x C x H x W (the layout the
 * engine wants), plus one integer label per image.
 *
 * @param pixels   {@code size() * channels * height * width} values in [0,1]
 * @param labels   one class index per image
 * @param channels 1 for grey, 3 for RGB
 * @param height   image height in pixels
 * @param width    image width in pixels
 * @param classes  number of classes (labels lie in {@code [0, classes)})
 */
public record ImageDataset(float[] pixels, int[] labels, int channels, int height, int width, int classes) implements ImageSet {

    public ImageDataset {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive: " + channels + "x" + height + "x" + width);
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("pixels.length=" + pixels.length + " but labels.length=" + labels.length
                    + " images of " + channels + "x" + height + "x" + width + " need " + expected);
        }
    }

    /** Number of images. */
    @Override
    public int size() {
        return labels.length;
    }

    /** Values per image: {@code channels * height * width}. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The images at the given indices, in that order (indices may repeat, as in a bootstrap). */
    @Override
    public ImageDataset select(int[] indices) {
        int per = imageSize();
        float[] px = new float[indices.length * per];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int src = indices[i];
            if (src < 0 || src >= size()) {
                throw new IndexOutOfBoundsException("index " + src + " outside dataset of " + size());
            }
            System.arraycopy(pixels, src * per, px, i * per, per);
            lb[i] = labels[src];
        }
        return new ImageDataset(px, lb, channels, height, width, classes);
    }

    /** Images without labels: each labelled -1 (unknown), {@code pixels} holding whole images of {@code channels x height x width}. */
    public static ImageDataset unlabelled(float[] pixels, int channels, int height, int width, int classes) {
        int[] unknown = new int[pixels.length / (channels * height * width)];
        Arrays.fill(unknown, -1);
        return new ImageDataset(pixels, unknown, channels, height, width, classes);
    }

    /** The same images with every label -1 (unknown): what may be learnt from them without labels. */
    public ImageDataset withoutLabels() {
        return unlabelled(pixels, channels, height, width, classes);
    }

    /** This dataset itself: its images are decoded already. */
    @Override
    public ImageDataset all() {
        return this;
    }

    /** A short description, e.g. {@code 4800 x 1x28x28, 10 classes}. */
    public String describe() {
        return size() + " x " + channels + "x" + height + "x" + width + ", " + classes + " classes";
    }
}

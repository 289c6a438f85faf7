package org.eagerae.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Images as a file stores them, one unsigned byte per value (MNIST's IDX files, CIFAR-10's binary
 * version), decoded to floats in [0,1] (the byte divided by 255) only for the images a split
 * selects: a process that trains on 6,000 of MNIST's 70,000 images decodes those 6,000.
 *
 * @param bytes    the file's content (or the records of several files, one after the other)
 * @param first    the index in {@code bytes} of the first image's first value
 * @param stride   bytes from one image's first value to the next image's
 * @param labels   one class index per image
 * @param channels 1 for grey, 3 for RGB
 * @param height   image height in pixels
 * @param width    image width in pixels
 * @param classes  number of classes
 */
public record ByteImages(byte[] bytes, int first, int stride, int[] labels, int channels, int height, int width, int classes)
        implements ImageSet {

    public ByteImages {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(labels, "labels");
        int per = channels * height * width;
        if (first < 0 || stride < per || (labels.length > 0 && first + (long) (labels.length - 1) * stride + per > bytes.length)) {
            throw new IllegalArgumentException(labels.length + " images of " + per + " bytes from " + first + " every " + stride
                    + " bytes do not fit " + bytes.length + " bytes");
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public ImageDataset select(int[] indices) {
        int per = channels * height * width;
        float[] pixels = new float[indices.length * per];
        int[] selected = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int src = indices[i];
            if (src < 0 || src >= size()) {
                throw new IndexOutOfBoundsException("index " + src + " outside dataset of " + size());
            }
            int from = first + src * stride;
            int to = i * per;
            for (int p = 0; p < per; p++) {
                pixels[to + p] = (bytes[from + p] & 0xff) / 255f;
            }
            selected[i] = labels[src];
        }
        return new ImageDataset(pixels, selected, channels, height, width, classes);
    }

    @Override
    public ImageDataset all() {
        int[] every = new int[size()];
        Arrays.setAll(every, i -> i);
        return select(every);
    }
}

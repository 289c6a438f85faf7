package org.eagerae.data;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eagerae.InvalidInputException;

/**
 * Images as files store them, one unsigned byte per value (MNIST's IDX files, CIFAR-10's binary
 * version), decoded to floats in [0,1] (the byte divided by 255) only for the images a split
 * selects: a process that trains on 6,000 of MNIST's 70,000 images decodes those 6,000. The bytes
 * are usually the files themselves, memory-mapped ({@link FileBytes}), so that a worker process
 * neither copies nor keeps a file it draws only a few images from.
 *
 * @param parts    the files (or decompressed contents), in image order
 * @param labels   one class index per image, over all parts
 * @param channels 1 for grey, 3 for RGB
 * @param height   image height in pixels
 * @param width    image width in pixels
 * @param classes  number of classes
 */
public record ByteImages(List<Part> parts, int[] labels, int channels, int height, int width, int classes) implements ImageSet {

    /**
     * The images of one file.
     *
     * @param origin the file, for messages
     * @param bytes  the file's content (kept as a read-only view and read with absolute gets only, so it may be shared)
     * @param first  the index in {@code bytes} of the first image's first value
     * @param stride bytes from one image's first value to the next image's
     * @param images how many images the file holds (that they fit {@code bytes} is checked by {@link ByteImages},
     *               which knows an image's size)
     */
    public record Part(String origin, ByteBuffer bytes, int first, int stride, int images) {

        public Part {
            Objects.requireNonNull(origin, "origin");
            bytes = bytes.asReadOnlyBuffer();
            if (first < 0 || images < 0) {
                throw new IllegalArgumentException(origin + ": " + images + " images from byte " + first);
            }
        }

        /** Copies image {@code index} of this file into {@code image}. */
        void copy(int index, byte[] image) {
            try {
                bytes.get(first + index * stride, image);
            } catch (InternalError e) {
                // how the JVM reports a fault in a mapped file that was truncated or failed to read
                throw new InvalidInputException(origin + ": changed or became unreadable while its images were read", e);
            }
        }
    }

    public ByteImages {
        parts = List.copyOf(parts);
        Objects.requireNonNull(labels, "labels");
        int per = channels * height * width;
        long total = 0;
        for (Part part : parts) {
            if (part.stride() < per || (part.images() > 0 && part.first() + (long) (part.images() - 1) * part.stride() + per
                    > part.bytes().limit())) {
                throw new IllegalArgumentException(part.origin() + ": " + part.images() + " images of " + per + " bytes from "
                        + part.first() + " every " + part.stride() + " bytes do not fit " + part.bytes().limit() + " bytes");
            }
            total += part.images();
        }
        if (total != labels.length) {
            throw new IllegalArgumentException(total + " images but " + labels.length + " labels");
        }
    }

    /** Images that all lie in one file. */
    public static ByteImages of(String origin, ByteBuffer bytes, int first, int stride, int[] labels, int channels, int height, int width,
            int classes) {
        return new ByteImages(List.of(new Part(origin, bytes, first, stride, labels.length)), labels, channels, height, width, classes);
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
        byte[] image = new byte[per];
        for (int i = 0; i < indices.length; i++) {
            int src = indices[i];
            if (src < 0 || src >= size()) {
                throw new IndexOutOfBoundsException("index " + src + " outside dataset of " + size());
            }
            copyImage(src, image);
            int to = i * per;
            for (int p = 0; p < per; p++) {
                pixels[to + p] = (image[p] & 0xff) / 255f;
            }
            selected[i] = labels[src];
        }
        return new ImageDataset(pixels, selected, channels, height, width, classes);
    }

    /** Copies the bytes of image {@code index} (counted over all parts) into {@code image}. */
    private void copyImage(int index, byte[] image) {
        int local = index;
        for (Part part : parts) {
            if (local < part.images()) {
                part.copy(local, image);
                return;
            }
            local -= part.images();
        }
        throw new IndexOutOfBoundsException("index " + index + " outside dataset of " + size());
    }

    @Override
    public ImageDataset all() {
        int[] every = new int[size()];
        Arrays.setAll(every, i -> i);
        return select(every);
    }
}

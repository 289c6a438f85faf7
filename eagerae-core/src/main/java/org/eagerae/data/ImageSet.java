package org.eagerae.data;

import java.util.Arrays;
import org.eagerae.InvalidInputException;

/**
 * Labelled images that splits draw from: decoded already ({@link ImageDataset}), or as a file
 * stores them ({@link ByteImages}), decoded only for the images drawn.
 */
public sealed interface ImageSet permits ImageDataset, ByteImages {

    /** Number of images. */
    int size();

    /** One class index per image. */
    int[] labels();

    /** 1 for grey, 3 for RGB. */
    int channels();

    /** Image height in pixels. */
    int height();

    /** Image width in pixels. */
    int width();

    /** Number of classes (labels lie in {@code [0, classes)}). */
    int classes();

    /** The images at the given indices, in that order, as floats in [0,1] (indices may repeat, as in a bootstrap). */
    ImageDataset select(int[] indices);

    /** Every image, as floats in [0,1]. */
    ImageDataset all();

    /** The first {@code n} images; a clear error when there are fewer. */
    default ImageDataset head(int n) {
        if (n > size()) {
            throw new InvalidInputException("asked for " + n + " images but the data has only " + size());
        }
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        return select(idx);
    }
}

package org.eagerae.models;

/**
 * The images a saved model reads.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height   image height in pixels
 * @param width    image width in pixels
 * @param pixels   how stored pixels become the model's input values
 */
public record InputFormat(int channels, int height, int width, String pixels) {

    /** How every eagerae model scales pixels (the way its training data was loaded). */
    public static final String PIXEL_SCALING = "8-bit values v as v/255 in [0,1], planes C x H x W; colour to grey as"
            + " (0.299 R + 0.587 G + 0.114 B)/255 (grey images exactly v/255); image files of another size resized bilinearly";

    /** The input of a model on {@code channels x height x width} images. */
    public static InputFormat of(int channels, int height, int width) {
        return new InputFormat(channels, height, width, PIXEL_SCALING);
    }

    /** Values per image. */
    public int imageSize() {
        return channels * height * width;
    }

    /** {@code CxHxW}. */
    public String shape() {
        return channels + "x" + height + "x" + width;
    }
}

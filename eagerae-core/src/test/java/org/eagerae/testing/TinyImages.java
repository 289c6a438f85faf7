package org.eagerae.testing;

import java.util.SplittableRandom;
import org.eagerae.data.ImageDataset;

/**
 * Small images for tests, drawn here: each class is a bright bar at its own position and
 * orientation, with noise. Learnable in a few epochs, so tests can assert that training works.
 */
public final class TinyImages {

    private TinyImages() {}

    /** {@code n} images of {@code channels x size x size} in {@code classes} classes. */
    public static ImageDataset bars(int n, int channels, int size, int classes, long seed) {
        return bars(n, channels, size, size, classes, seed);
    }

    /** {@code n} images of {@code channels x height x width} in {@code classes} classes. */
    public static ImageDataset bars(int n, int channels, int height, int width, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int plane = height * width;
        float[] pixels = new float[n * channels * plane];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(classes);
            labels[i] = label;
            boolean vertical = label % 2 == 0;
            int position = 2 + (label * ((vertical ? width : height) - 4)) / classes;
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int along = vertical ? x : y;
                        float value = Math.abs(along - position) <= 1 ? 0.9f : 0.05f;
                        value += (float) (random.nextDouble() * 0.1);
                        pixels[i * channels * plane + c * plane + y * width + x] = Math.min(1f, value);
                    }
                }
            }
        }
        return new ImageDataset(pixels, labels, channels, height, width, classes);
    }
}

package org.eagerae.train;

import org.eagerae.data.ImageDataset;

/**
 * The reconstruction loss of an autoencoder that has learnt nothing: one constant output value per
 * channel (what a CAE gives when every unit before its last transposed convolution is dead, since that
 * layer then outputs its bias alone). The best such constant is the channel's mean pixel, and its mean
 * squared error per pixel is the channel's pixel variance; averaged over channels, this is the baseline
 * a useful member must get well below.
 */
public final class ConstantOutputLoss {

    private ConstantOutputLoss() {}

    /** The per-pixel mean squared error of the best constant output per channel on {@code data}. */
    public static double of(ImageDataset data) {
        int plane = data.height() * data.width();
        double total = 0;
        for (int c = 0; c < data.channels(); c++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < data.size(); i++) {
                int offset = i * data.imageSize() + c * plane;
                for (int p = 0; p < plane; p++) {
                    double v = data.pixels()[offset + p];
                    sum += v;
                    squares += v * v;
                }
            }
            double n = (double) data.size() * plane;
            double mean = sum / n;
            total += squares / n - mean * mean;
        }
        return total / data.channels();
    }
}

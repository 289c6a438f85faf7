package org.eagerae.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.eagerae.data.ImageDataset;

/**
 * Training images slightly rotated and moved at random, a fresh draw for every image of every
 * batch: rotation about the centre by up to {@code maxDegrees}, then a shift of up to
 * {@code maxShift} pixels in each direction, sampled bilinearly with 0 outside the image. The
 * augmentation that lets end-to-end fine-tuning on a few thousand labelled images generalise. The
 * draws come from a seeded stream, so the same calls in the same order give the same batches.
 */
final class JitteredImages implements Inputs {

    private final ImageDataset images;
    private final double maxShift;
    private final double maxRadians;
    private final SplittableRandom random;

    JitteredImages(ImageDataset images, double maxShift, double maxDegrees, long seed) {
        this.images = images;
        this.maxShift = maxShift;
        this.maxRadians = Math.toRadians(maxDegrees);
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public NDArray batch(NDManager manager, int[] order, int from, int n) {
        int per = images.imageSize();
        float[] out = new float[n * per];
        for (int i = 0; i < n; i++) {
            double angle = maxRadians == 0 ? 0 : random.nextDouble(-maxRadians, maxRadians);
            double dy = maxShift == 0 ? 0 : random.nextDouble(-maxShift, maxShift);
            double dx = maxShift == 0 ? 0 : random.nextDouble(-maxShift, maxShift);
            transform(images.pixels(), order[from + i] * per, out, i * per, images.channels(), images.height(), images.width(),
                    angle, dy, dx);
        }
        return manager.create(out, new Shape(n, images.channels(), images.height(), images.width()));
    }

    /**
     * Writes one {@code c x h x w} image rotated by {@code angle} (radians, about its centre) and then
     * moved down by {@code dy} and right by {@code dx}: each output pixel samples the source
     * bilinearly at the inverse-transformed position.
     */
    static void transform(float[] src, int srcOffset, float[] dst, int dstOffset, int c, int h, int w, double angle, double dy,
            double dx) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ry = y - dy - cy;
                double rx = x - dx - cx;
                double sy = cos * ry - sin * rx + cy;
                double sx = sin * ry + cos * rx + cx;
                int y0 = (int) Math.floor(sy);
                int x0 = (int) Math.floor(sx);
                double fy = sy - y0;
                double fx = sx - x0;
                for (int ch = 0; ch < c; ch++) {
                    int plane = srcOffset + ch * h * w;
                    double v = (1 - fy) * ((1 - fx) * at(src, plane, h, w, y0, x0) + fx * at(src, plane, h, w, y0, x0 + 1))
                            + fy * ((1 - fx) * at(src, plane, h, w, y0 + 1, x0) + fx * at(src, plane, h, w, y0 + 1, x0 + 1));
                    dst[dstOffset + (ch * h + y) * w + x] = (float) v;
                }
            }
        }
    }

    private static float at(float[] src, int plane, int h, int w, int y, int x) {
        return y < 0 || y >= h || x < 0 || x >= w ? 0f : src[plane + y * w + x];
    }
}

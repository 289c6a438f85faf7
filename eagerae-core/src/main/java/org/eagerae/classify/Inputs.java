package org.eagerae.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.eagerae.data.ImageDataset;
import org.eagerae.train.MemberTrainer;

/** What a classifier reads, batch by batch: feature vectors or images. */
public interface Inputs {

    /** Number of examples. */
    int size();

    /** The examples {@code order[from .. from+n)} as one array. */
    NDArray batch(NDManager manager, int[] order, int from, int n);

    /** Feature vectors as inputs. */
    static Inputs of(FeatureMatrix features) {
        return new Inputs() {
            @Override
            public int size() {
                return features.rows();
            }

            @Override
            public NDArray batch(NDManager manager, int[] order, int from, int n) {
                int d = features.cols();
                float[] values = new float[n * d];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(features.values(), order[from + i] * d, values, i * d, d);
                }
                return manager.create(values, new Shape(n, d));
            }
        };
    }

    /**
     * Feature blocks side by side (e.g. several members' activations, member order), standardised by
     * {@code scaling}, gathered a batch at a time: neither the stacked nor the standardised matrix is
     * ever made.
     */
    static Inputs standardized(List<? extends Features> blocks, Standardizer scaling) {
        int d = blocks.stream().mapToInt(Features::cols).sum();
        if (d != scaling.size()) {
            throw new IllegalArgumentException("the scaling has " + scaling.size() + " features, the blocks " + d);
        }
        return sideBySide(blocks, scaling);
    }

    /** Feature blocks side by side as they are, gathered a batch at a time. */
    static Inputs sideBySide(List<? extends Features> blocks) {
        return sideBySide(blocks, null);
    }

    private static Inputs sideBySide(List<? extends Features> blocks, Standardizer scaling) {
        int rows = blocks.get(0).rows();
        int d = blocks.stream().mapToInt(Features::cols).sum();
        for (Features b : blocks) {
            if (b.rows() != rows) {
                throw new IllegalArgumentException("cannot put " + b.rows() + " rows beside " + rows);
            }
        }
        return new Inputs() {
            @Override
            public int size() {
                return rows;
            }

            @Override
            public NDArray batch(NDManager manager, int[] order, int from, int n) {
                float[] values = gather(blocks, d, order, from, n);
                if (scaling != null) {
                    scaling.applyInPlace(values);
                }
                return manager.create(values, new Shape(n, d));
            }
        };
    }

    /** The rows {@code order[from .. from+n)} of blocks side by side ({@code d} columns in all), row-major. */
    private static float[] gather(List<? extends Features> blocks, int d, int[] order, int from, int n) {
        float[] values = new float[n * d];
        for (int i = 0; i < n; i++) {
            int offset = i * d;
            for (Features b : blocks) {
                b.copyRow(order[from + i], values, offset);
                offset += b.cols();
            }
        }
        return values;
    }

    /** Images as inputs (for end-to-end fine-tuning). */
    static Inputs of(ImageDataset images) {
        return new Inputs() {
            @Override
            public int size() {
                return images.size();
            }

            @Override
            public NDArray batch(NDManager manager, int[] order, int from, int n) {
                return MemberTrainer.batch(manager, images, order, from, n);
            }
        };
    }

    /** Unlabelled images, {@code channels x height x width} each, laid out one after the other (N x C x H x W). */
    static Inputs of(float[] pixels, int channels, int height, int width) {
        int per = channels * height * width;
        return new Inputs() {
            @Override
            public int size() {
                return pixels.length / per;
            }

            @Override
            public NDArray batch(NDManager manager, int[] order, int from, int n) {
                float[] values = new float[n * per];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(pixels, order[from + i] * per, values, i * per, per);
                }
                return manager.create(values, new Shape(n, channels, height, width));
            }
        };
    }

    /**
     * Images rotated by up to {@code maxDegrees} and moved by up to {@code maxShift} pixels at random,
     * seeded (training-time augmentation); with both 0, the images as they are.
     */
    static Inputs jittered(ImageDataset images, double maxShift, double maxDegrees, long seed) {
        return maxShift == 0 && maxDegrees == 0 ? of(images) : new JitteredImages(images, maxShift, maxDegrees, seed);
    }
}

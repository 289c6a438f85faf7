package org.eagerae.predict;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eagerae.classify.EncoderFeatures;
import org.eagerae.data.ImageSource;

/**
 * Walks an image source in batches of {@value EncoderFeatures#BATCH} from the first image (the
 * batches {@code classify} used, so the same images give the same numbers), reading and decoding
 * the next batch on another thread while the caller works on the current one.
 */
final class ImageBatches {

    /** Works on one batch. */
    @FunctionalInterface
    interface BatchConsumer {
        void accept(int from, int n, float[] pixels) throws IOException;
    }

    private ImageBatches() {}

    /** Calls {@code consumer} for every batch in order, then reports progress after each. */
    static void forEach(ImageSource images, Progress progress, BatchConsumer consumer) throws IOException {
        int total = images.size();
        CompletableFuture<float[]> next = read(images, 0);
        for (int from = 0; from < total; from += EncoderFeatures.BATCH) {
            float[] pixels = join(next);
            int n = Math.min(EncoderFeatures.BATCH, total - from);
            next = from + n < total ? read(images, from + n) : null;
            consumer.accept(from, n, pixels);
            progress.update(from + n, total);
        }
    }

    private static CompletableFuture<float[]> read(ImageSource images, int from) {
        int n = Math.min(EncoderFeatures.BATCH, images.size() - from);
        return CompletableFuture.supplyAsync(() -> images.read(from, n));
    }

    /** The batch, or the reader's own exception (a bad image file is bad input, not a failure). */
    private static float[] join(CompletableFuture<float[]> batch) {
        try {
            return batch.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}

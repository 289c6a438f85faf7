package org.eagerae.predict;

import java.nio.file.Path;
import org.eagerae.data.ImageSource;
import org.eagerae.io.Npy;
import org.eagerae.models.Embedder;

/** Writes the feature vectors of every image of a source as a float32 {@code .npy} matrix, batch by batch ({@link ImageBatches}). */
public final class FeatureExport {

    private FeatureExport() {}

    /** Embeds every image and writes the {@code (images, features)} matrix to {@code file}, atomically. */
    public static void write(Embedder embedder, ImageSource images, Path file, Progress progress) {
        Npy.write(file, new long[] {images.size(), embedder.embeddingSize()},
                sink -> ImageBatches.forEach(images, progress, (from, n, pixels) -> sink.accept(embedder.embed(pixels).values())));
    }
}

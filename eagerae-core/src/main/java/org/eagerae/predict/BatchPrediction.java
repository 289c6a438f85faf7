package org.eagerae.predict;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.eagerae.data.ImageSource;
import org.eagerae.models.Predictions;
import org.eagerae.models.SavedModel;

/** Applies a saved model to every image of a source, batch by batch ({@link ImageBatches}), and writes one line per image. */
public final class BatchPrediction {

    private BatchPrediction() {}

    /**
     * Predicts every image and writes the table to {@code out} (not closed).
     *
     * @return the number of images
     */
    public static int run(SavedModel model, ImageSource images, PredictionTable table, OutputStream out, Progress progress)
            throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        String header = table.header();
        if (header != null) {
            writer.write(header);
            writer.write('\n');
        }
        ImageBatches.forEach(images, progress, (from, n, pixels) -> {
            Predictions p = model.predict(pixels);
            for (int i = 0; i < n; i++) {
                writer.write(table.row(images.id(from + i), p.classes()[i], p.row(i)));
                writer.write('\n');
            }
        });
        writer.flush();
        return images.size();
    }
}

package org.eagerae.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.data.ImageDataset;
import org.eagerae.run.RunDirectory;
import org.eagerae.testing.PngFiles;
import org.eagerae.testing.TinyImages;

/**
 * A program that uses eagerae as another project's program would, for {@link EmbeddedApiTest}: it
 * runs the README's example ({@link ReadmeExample}: two members trained in worker processes, their
 * soft vote saved, a PNG file classified) on small images written into the folder given as its
 * argument, then prints the prediction and the run's classification results.
 */
final class EmbeddedProgram {

    private EmbeddedProgram() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        ImageDataset data = TinyImages.bars(400, 1, 28, 10, 8);
        float[][] images = new float[data.size()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = Arrays.copyOfRange(data.pixels(), i * 784, (i + 1) * 784);
        }
        Path png = dir.resolve("scan.png");
        PngFiles.write(png, PngFiles.image(data, 0));
        Path run = dir.resolve("run");
        ImageClassifier.Prediction p = ReadmeExample.trainAndPredict(images, data.labels(), png.toFile(), run, 2, 2);
        System.out.println("prediction: " + p);
        for (ClassificationResult result : ClassifyFile.read(RunDirectory.open(run))) {
            System.out.println("result: " + result);
        }
    }
}

package org.eagerae.api;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.Method;

/** The Java example of the README, quoted there between the markers; {@link JavaApiTest} runs it. */
final class ReadmeExample {

    private ReadmeExample() {}

    // README example start
    /** Trains an ensemble on images in memory, saves its soft vote, and classifies a PNG file with it. */
    static ImageClassifier.Prediction trainAndPredict(float[][] images, int[] labels, File png, Path runFolder, int members, int epochs)
            throws IOException {
        Path run = EnsembleTrainer.onImages(images, labels, 1, 28, 28) // floats in [0,1], 1x28x28 each
                .split(images.length * 6 / 10, images.length * 2 / 10)   // train, validation; the rest is the test split
                .members(members).epochs(epochs).seed(1)
                .out(runFolder)
                .train();
        List<ClassificationResult> results = ClassifierTrainer.on(run).epoch(epochs).methods(Method.SOFT_VOTE).train();
        String model = results.get(0).models().get(0); // e.g. soft-vote-epoch-005, also in `eagerae models --run`
        try (ImageClassifier classifier = ImageClassifier.load(run, model)) {
            ImageClassifier.Prediction p = classifier.predict(ImageIO.read(png));
            System.out.printf("%s: %s (p = %.3f); test accuracy %.4f%n", png, p.className(), p.probability(),
                    classifier.manifest().testAccuracy());
            return p;
        }
    }
    // README example end
}

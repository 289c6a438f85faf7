package org.eagerae.api;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eagerae.data.ImagePixels;
import org.eagerae.run.RunDirectory;
import org.eagerae.models.InputFormat;
import org.eagerae.models.ModelManifest;
import org.eagerae.models.Predictions;
import org.eagerae.models.SavedModel;

/**
 * A model saved in a run folder, ready to classify images in an application:
 * <pre>{@code
 * try (ImageClassifier classifier = ImageClassifier.load(Path.of("runs/ens"), "soft-vote-epoch-005")) {
 *     ImageClassifier.Prediction p = classifier.predict(ImageIO.read(file));
 *     System.out.println(p.className() + " " + p.probability());
 * }
 * }</pre>
 * Images are given as {@link BufferedImage}s (converted as {@code --dataset folder} loads them:
 * resized, grey or RGB as the model reads) or as floats in [0,1] in the model's shape
 * ({@link #channels()} x {@link #height()} x {@link #width()}, planes one after the other).
 *
 * <p>Thread-safe: any number of threads may share one instance; their calls run one at a time,
 * each using the engine's intra-op threads. Batches ({@link #predictAll}) are much faster per
 * image than single calls. Close it to free the engine's memory.
 */
public final class ImageClassifier implements AutoCloseable {

    /**
     * A model's verdict on one image.
     *
     * @param classIndex    the predicted class
     * @param className     its name
     * @param probabilities one per class, in class order ({@link ImageClassifier#classes()})
     */
    public record Prediction(int classIndex, String className, float[] probabilities) {
        /** The predicted class's probability. */
        public float probability() {
            return probabilities[classIndex];
        }

        /** As a record prints, with the probabilities' values: {@code Prediction[classIndex=3, className=3, probabilities=[0.01, ...]]}. */
        @Override
        public String toString() {
            return "Prediction[classIndex=" + classIndex + ", className=" + className + ", probabilities=" + Arrays.toString(probabilities) + "]";
        }

        /** The same class and the same probabilities. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Prediction p && classIndex == p.classIndex && java.util.Objects.equals(className, p.className)
                    && Arrays.equals(probabilities, p.probabilities);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * classIndex + java.util.Objects.hashCode(className)) + Arrays.hashCode(probabilities);
        }
    }

    private final SavedModel model;

    private ImageClassifier(SavedModel model) {
        this.model = model;
    }

    /** Loads the model {@code name} of the run folder {@code run}; an unknown name is an error that lists the known ones. */
    public static ImageClassifier load(Path run, String name) {
        return load(run, name, 1);
    }

    /**
     * The same, computing up to {@code memberThreads} of the model's members side by side, which
     * uses few cores better when the engine runs one intra-op thread per call (see
     * {@link org.eagerae.models.Parallelism}); the numbers are the same.
     */
    public static ImageClassifier load(Path run, String name, int memberThreads) {
        return new ImageClassifier(SavedModel.load(RunDirectory.open(run), name, memberThreads));
    }

    /** Classifies one image. */
    public Prediction predict(BufferedImage image) {
        return predictAll(pixels(List.of(image))).get(0);
    }

    /** Classifies one image given as {@code channels x height x width} floats. */
    public Prediction predict(float[] image) {
        return predictAll(List.of(image)).get(0);
    }

    /** Classifies a batch of images given as floats, in order. */
    public List<Prediction> predictAll(List<float[]> images) {
        Predictions p = model.predict(concat(images));
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            out.add(new Prediction(p.classes()[i], classes().get(p.classes()[i]), p.row(i)));
        }
        return out;
    }

    /** Classifies a batch of images, in order. */
    public List<Prediction> predictImages(List<BufferedImage> images) {
        return predictAll(pixels(images));
    }

    /**
     * An image's embedding: its encoders' flattened activations, every member's side by side for
     * votes and stacked models (for raw-pixels models, the pixels), before standardisation.
     */
    public float[] embed(BufferedImage image) {
        return embed(pixels(List.of(image)).get(0));
    }

    /** The embedding of an image given as floats. */
    public float[] embed(float[] image) {
        return model.embed(concat(List.of(image))).values();
    }

    /** Class names, in class order. */
    public List<String> classes() {
        return model.manifest().classes();
    }

    /** Channels the model reads: 1 (grey) or 3 (RGB). */
    public int channels() {
        return model.input().channels();
    }

    /** Image height the model reads. */
    public int height() {
        return model.input().height();
    }

    /** Image width the model reads. */
    public int width() {
        return model.input().width();
    }

    /** What the model is, what it was made from and how well it did on the run's test split. */
    public ModelManifest manifest() {
        return model.manifest();
    }

    private List<float[]> pixels(List<BufferedImage> images) {
        InputFormat in = model.input();
        List<float[]> out = new ArrayList<>();
        for (BufferedImage image : images) {
            float[] values = new float[in.imageSize()];
            ImagePixels.write(image, in.channels(), in.height(), in.width(), values, 0);
            out.add(values);
        }
        return out;
    }

    private float[] concat(List<float[]> images) {
        int per = model.input().imageSize();
        float[] all = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).length != per) {
                throw new IllegalArgumentException("image " + i + " has " + images.get(i).length + " values; the model reads "
                        + model.input().shape() + " = " + per);
            }
            System.arraycopy(images.get(i), 0, all, i * per, per);
        }
        return all;
    }

    @Override
    public void close() {
        model.close();
    }
}

package org.eagerae.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.McNemar;
import org.eagerae.classify.Method;
import org.eagerae.data.ImageDataset;
import org.eagerae.run.RunDirectory;

/**
 * Two saved models of one run compared image by image on the run's test split: McNemar's test on the images that one
 * classifies right and the other wrong. This is what a single run can say about a difference (the experiment's intervals
 * need several repeats); the models predict exactly what {@code classify} reported for them.
 */
public final class ModelComparison {

    /**
     * A comparison of two models.
     *
     * @param first  the first model's name
     * @param second the second's
     * @param test   McNemar's test: {@code b} images only the first gets right, {@code c} only the second
     */
    public record Result(String first, String second, McNemar test) {}

    private ModelComparison() {}

    /** The two models' test on {@code test}, the run's test split. */
    public static Result onTestImages(RunDirectory run, ImageDataset test, String first, String second) {
        return new Result(first, second, McNemar.of(correct(run, test, first), correct(run, test, second)));
    }

    /**
     * The soft vote of these results against each control among them ({@link Method#CONTROLS}) that has one saved model, as
     * {@code classify --method controls} makes them; none when either side is missing.
     */
    public static List<Result> voteAgainstControls(RunDirectory run, ImageDataset test, List<ClassificationResult> results) {
        Optional<String> vote = savedModel(results, Method.SOFT_VOTE);
        List<Result> out = new ArrayList<>();
        for (Method control : Method.CONTROLS) {
            Optional<String> other = savedModel(results, control);
            if (vote.isPresent() && other.isPresent()) {
                out.add(onTestImages(run, test, vote.get(), other.get()));
            }
        }
        return out;
    }

    private static Optional<String> savedModel(List<ClassificationResult> results, Method method) {
        return results.stream().filter(r -> r.method() == method && r.models().size() == 1).map(r -> r.models().get(0)).findFirst();
    }

    private static boolean[] correct(RunDirectory run, ImageDataset test, String model) {
        try (SavedModel saved = SavedModel.load(run, model)) {
            int[] predicted = saved.predict(test.pixels()).classes();
            boolean[] right = new boolean[predicted.length];
            for (int i = 0; i < right.length; i++) {
                right[i] = predicted[i] == test.labels()[i];
            }
            return right;
        }
    }
}

package org.eagerae.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eagerae.run.CheckpointSelection;
import java.util.List;
import java.util.Map;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.EpochScore;
import org.eagerae.classify.Method;
import org.eagerae.model.CaeSpec;

/**
 * {@code model.json} of a saved model: what it is, what it was made from, and how well it did.
 *
 * @param format             version of this layout
 * @param name               the model's name (its folder in {@code models/})
 * @param method             how it classifies
 * @param selection          how the members' checkpoints were chosen, e.g. {@code epoch 3} or {@code best epoch 3 on validation};
 *                           {@code none} for {@code raw-pixels}
 * @param choice             with {@code classify --epoch best}: the validation curve that chose the epoch; null otherwise
 * @param checkpoints        the member checkpoints it uses (fine-tuned members: started from), member order; none
 *                           for {@code raw-pixels}, whose head reads the images' pixels
 * @param parts              for a vote: the per-member models it combines, member order
 * @param classifier         the classifier's settings, seed included
 * @param classes            class names in label order
 * @param input              the images it reads and how their pixels are scaled
 * @param spec               the autoencoders' architecture (for {@code raw-pixels}: the run's, whose input it reads)
 * @param testAccuracy       accuracy on the run's test split when it was saved
 * @param validationAccuracy accuracy on the validation split (for a vote: of the vote; null in votes saved before eagerae
 *                           recorded it)
 * @param testImages         size of that test split
 * @param data               where the run's images came from and how they were split
 * @param environment        eagerae, DJL, engine and Java versions, machine and source revision
 * @param createdAt          ISO-8601 time it was saved
 * @param unsupervisedImages how many images its standardisation, principal components and label spreading were fitted on
 *                           (the training split, with a label budget every training image, and a run's unlabelled images);
 *                           null for fine-tuned models and in models saved before it was recorded
 */
public record ModelManifest(int format, String name, Method method, CheckpointSelection selection,
        @JsonInclude(JsonInclude.Include.NON_NULL) EpochChoice choice, List<Source> checkpoints, List<String> parts,
        ClassifierOptions classifier, List<String> classes, InputFormat input, CaeSpec spec,
        double testAccuracy, Double validationAccuracy, int testImages, String data, Map<String, Object> environment,
        String createdAt, @JsonInclude(JsonInclude.Include.NON_NULL) Integer unsupervisedImages) {

    /**
     * The member checkpoint one part of a model was made from (a fine-tuned member: started from).
     *
     * @param member         member index
     * @param epoch          the epoch after which it was written
     * @param path           its path inside the run folder
     * @param sha256         the file's SHA-256 when the model was saved; checked before the encoder is used
     * @param elapsedSeconds the member's training time up to that epoch
     */
    public record Source(int member, int epoch, String path, String sha256, double elapsedSeconds) {}

    /**
     * How {@code classify --epoch best} chose a model's epoch: by the validation accuracy of {@code method} (the
     * model's own; for a per-member classifier saved as part of a vote chosen at another epoch than the
     * per-member method, the vote's), at every epoch tried. The test accuracies in the curve played no part.
     *
     * @param method          the method whose validation accuracy chose the epoch
     * @param epoch           the chosen epoch
     * @param validationCurve that method at every epoch tried
     */
    public record EpochChoice(Method method, int epoch, List<EpochScore> validationCurve) {
        public EpochChoice {
            validationCurve = List.copyOf(validationCurve);
        }
    }

    /** The layout version written now. */
    public static final int FORMAT = 1;

    public ModelManifest {
        checkpoints = List.copyOf(checkpoints);
        parts = parts == null ? List.of() : List.copyOf(parts);
        classes = List.copyOf(classes);
    }

    /** Number of classes. */
    public int classCount() {
        return classes.size();
    }

    /**
     * Length of the feature vector its head reads: one encoder's activations, all members' for {@code stacked}, an image's
     * pixels for the heads on raw pixels.
     */
    public int headInputs() {
        if (!method.readsEncoders()) {
            return spec.imageSize();
        }
        return classifier.featurePooling().size(spec) * (method == Method.STACKED ? checkpoints.size() : 1);
    }
}

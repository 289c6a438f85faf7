package org.eagerae.classify;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eagerae.run.CheckpointSelection;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One method's result on the test set, with its validation accuracy, as stored in {@code classify.json}.
 * It prints as a record does, with the arrays' contents ({@code perClassAccuracy=[0.98, 0.97, ...],
 * confusion=[[97, 0, ...], ...]}), and equals another result with the same contents.
 *
 * @param method             how the test images were classified
 * @param selection          how checkpoints were chosen: {@code epoch E}, {@code budget S s}, {@code best epoch E on validation};
 *                           {@code none} for {@code raw-pixels}, which reads no checkpoint
 * @param memberEpochs       the epoch of each member's checkpoint; empty for {@code raw-pixels}
 * @param accuracy           test accuracy (for {@code single} and {@code fine-tune}: the members' mean)
 * @param balancedAccuracy   test balanced accuracy, the mean of the per-class accuracies ({@link Metrics#balancedAccuracy}; for
 *                           {@code single} and {@code fine-tune}: the members' mean); null in results written before eagerae
 *                           recorded it
 * @param validationAccuracy accuracy of the same classifiers on the validation split (for votes: of the vote on the
 *                           members' validation probabilities; for per-member methods: the members' mean); null in
 *                           results written before eagerae recorded it
 * @param memberAccuracies   for {@code single} and {@code fine-tune}: each member's test accuracy
 * @param perClassAccuracy   test accuracy per class (for per-member methods: of the best member)
 * @param confusion          confusion matrix {@code [true][predicted]} (same member as above)
 * @param featureSeconds     seconds from the start to the last member's encoder activations (for {@code raw-pixels}:
 *                           from the start of its own task, which may wait for a free thread, to its pixels)
 * @param classifierSeconds  seconds from then to the end of the method's last classifier (classifiers may start
 *                           earlier, beside other members' activations); their sum is the method's wall time
 * @param diversity          for votes: how the members' classifiers disagree and what the vote makes of it;
 *                           null for other methods
 * @param models             the saved models that made these predictions: one, or for per-member
 *                           methods one per member (member order); empty when none was saved
 * @param classifier         the classifiers' settings, seed included (for fine-tuning, its own); null in results
 *                           written before they were recorded
 * @param validationCurve    with {@code classify --epoch best}: the method at every epoch tried, validation accuracy
 *                           (which alone chose the epoch) and test accuracy (only reported); null otherwise
 * @param labelsSha256       SHA-256 of the labelled images the classifiers saw, their training and validation images with
 *                           their labels ({@link LabelledImages#sha256}): under a label budget, which images it chose; null in
 *                           results written before eagerae recorded it
 * @param unsupervisedImages how many images, their pixels alone, the classifiers' standardisation, principal components and
 *                           label spreading were fitted on ({@link org.eagerae.data.DataSplit#unsupervisedImages()}: the
 *                           training split, every training image under a label budget, and a run's unlabelled images); null
 *                           for fine-tuning, which fits none, and in results written before eagerae recorded it
 */
public record ClassificationResult(Method method, CheckpointSelection selection, List<Integer> memberEpochs, double accuracy,
        Double balancedAccuracy, Double validationAccuracy, List<Double> memberAccuracies, double[] perClassAccuracy, int[][] confusion,
        double featureSeconds, double classifierSeconds, Diversity diversity, List<String> models, ClassifierOptions classifier,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<EpochScore> validationCurve, String labelsSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer unsupervisedImages) {

    public ClassificationResult {
        models = models == null ? List.of() : List.copyOf(models);
        validationCurve = validationCurve == null ? null : List.copyOf(validationCurve);
    }

    /** This result as the one chosen by {@code selection} from {@code curve}, its classifiers saved as {@code models}. */
    public ClassificationResult chosen(CheckpointSelection selection, List<EpochScore> curve, List<String> models) {
        return new ClassificationResult(method, selection, memberEpochs, accuracy, balancedAccuracy, validationAccuracy, memberAccuracies,
                perClassAccuracy, confusion, featureSeconds, classifierSeconds, diversity, models, classifier, curve, labelsSha256,
                unsupervisedImages);
    }

    /** A result whose classifiers' settings, labelled and unsupervised images, balanced and validation accuracy are not known (as in files written before they were recorded). */
    public ClassificationResult(Method method, CheckpointSelection selection, List<Integer> memberEpochs, double accuracy,
            List<Double> memberAccuracies, double[] perClassAccuracy, int[][] confusion, double featureSeconds,
            double classifierSeconds, Diversity diversity, List<String> models) {
        this(method, selection, memberEpochs, accuracy, null, null, memberAccuracies, perClassAccuracy, confusion, featureSeconds,
                classifierSeconds, diversity, models, null, null, null, null);
    }

    @Override
    public String toString() {
        return "ClassificationResult[method=" + (method == null ? null : method.label()) + ", selection="
                + (selection == null ? null : selection.label()) + ", memberEpochs=" + memberEpochs + ", accuracy=" + accuracy
                + ", balancedAccuracy=" + balancedAccuracy + ", validationAccuracy=" + validationAccuracy + ", memberAccuracies="
                + memberAccuracies + ", perClassAccuracy="
                + Arrays.toString(perClassAccuracy)
                + ", confusion=" + Arrays.deepToString(confusion) + ", featureSeconds=" + featureSeconds + ", classifierSeconds="
                + classifierSeconds + ", diversity=" + diversity + ", models=" + models + ", classifier=" + classifier
                + ", validationCurve=" + validationCurve + ", labelsSha256=" + labelsSha256 + ", unsupervisedImages=" + unsupervisedImages + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassificationResult r && method == r.method && Objects.equals(selection, r.selection)
                && Objects.equals(memberEpochs, r.memberEpochs) && Double.compare(accuracy, r.accuracy) == 0
                && Objects.equals(balancedAccuracy, r.balancedAccuracy)
                && Objects.equals(validationAccuracy, r.validationAccuracy)
                && Objects.equals(memberAccuracies, r.memberAccuracies) && Arrays.equals(perClassAccuracy, r.perClassAccuracy)
                && Arrays.deepEquals(confusion, r.confusion) && Double.compare(featureSeconds, r.featureSeconds) == 0
                && Double.compare(classifierSeconds, r.classifierSeconds) == 0 && Objects.equals(diversity, r.diversity)
                && models.equals(r.models) && Objects.equals(classifier, r.classifier) && Objects.equals(validationCurve, r.validationCurve)
                && Objects.equals(labelsSha256, r.labelsSha256) && Objects.equals(unsupervisedImages, r.unsupervisedImages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, selection, memberEpochs, accuracy, balancedAccuracy, validationAccuracy, memberAccuracies,
                Arrays.hashCode(perClassAccuracy), Arrays.deepHashCode(confusion), featureSeconds, classifierSeconds, diversity, models,
                classifier, validationCurve, labelsSha256, unsupervisedImages);
    }
}

package org.eagerae.models;

import org.eagerae.run.CheckpointSelection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eagerae.classify.Classification;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.classify.Method;
import org.eagerae.data.DataSplit;
import org.eagerae.worker.WorkerFineTuner;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.RunSpec;
import org.eagerae.run.RunDirectory;

/**
 * What {@code eagerae classify} does, for the command line and the Java API alike: trains the
 * classifiers of the chosen methods on the chosen checkpoints, saves every one as a model, and adds
 * the results (each naming its models) to {@code classify.json}.
 */
public final class ModelTraining {

    private ModelTraining() {}

    /**
     * Classifies with a run's encoders and saves the classifiers.
     *
     * @param run       the run folder
     * @param selection which checkpoint of each member
     * @param methods   frozen-feature methods ({@link Method#FROZEN}); may be empty when fine-tuning
     * @param options   the classifiers' settings
     * @param fineTune  also fine-tune every member end to end ({@code fine-tune}, {@code fine-tune-vote}), on worker
     *                  processes side by side when there is more than one core ({@link WorkerFineTuner})
     * @return the results, in the order they were added to {@code classify.json}
     */
    public static List<ClassificationResult> classify(RunDirectory run, CheckpointSelection selection, Set<Method> methods,
            ClassifierOptions options, boolean fineTune) {
        return classify(run, selection, methods, options, fineTune, ClassifierListener.NONE);
    }

    /** As {@link #classify(RunDirectory, CheckpointSelection, Set, ClassifierOptions, boolean)}, telling {@code listener} how it goes. */
    public static List<ClassificationResult> classify(RunDirectory run, CheckpointSelection selection, Set<Method> methods,
            ClassifierOptions options, boolean fineTune, ClassifierListener listener) {
        RunSpec config = run.readManifest().spec();
        List<CheckpointChoice> chosen = selection.choose(run);
        CheckpointChoice.requirePresent(chosen);
        DataSplit data = config.data().load();
        Set<Method> planned = new LinkedHashSet<>(methods);
        if (fineTune) {
            planned.add(Method.FINE_TUNE_VOTE); // and, with it, the fine-tuned members
        }
        ModelSaver saver = ModelSaver.plan(ModelStore.of(run), config, data, selection, chosen, options, planned);
        Classification classification = new Classification(config.model(), data, options, listener,
                Runtime.getRuntime().availableProcessors());
        List<ClassificationResult> results = new ArrayList<>(classification.evaluate(chosen, methods, selection, saver));
        if (fineTune) {
            int cores = Runtime.getRuntime().availableProcessors();
            if (cores > 1) {
                try (WorkerFineTuner workers = new WorkerFineTuner(run, config, Math.min(cores, chosen.size()))) {
                    results.addAll(classification.fineTune(chosen, selection, saver, workers));
                }
            } else {
                results.addAll(classification.fineTune(chosen, selection, saver));
            }
        }
        ClassifyFile.append(run, results);
        return results;
    }
}

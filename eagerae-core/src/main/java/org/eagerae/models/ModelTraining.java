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
import org.eagerae.InvalidSettingException;
import org.eagerae.io.AtomicFiles;
import org.eagerae.io.Bytes;
import org.eagerae.model.CaeSpec;
import org.eagerae.run.Environment;
import org.eagerae.data.DataSplit;
import org.eagerae.worker.WorkerFineTuner;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.RunSpec;
import org.eagerae.run.ThreadCount;
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
     * @param selection which checkpoint of each member (not read when only {@code raw-pixels} is asked for)
     * @param methods   frozen-feature methods ({@link Method#FROZEN}); may be empty when fine-tuning
     * @param options   the classifiers' settings
     * @param fineTune  also fine-tune every member end to end ({@code fine-tune}, {@code fine-tune-vote}), on worker
     *                  processes side by side when there is more than one core ({@link WorkerFineTuner})
     * @return the results, in the order they were added to {@code classify.json}
     * @throws org.eagerae.InvalidInputException before anything is computed: a run folder where {@code classify.json} or the
     *                                           models cannot be written, or classifiers too large for the machine's memory
     */
    public static List<ClassificationResult> classify(RunDirectory run, CheckpointSelection selection, Set<Method> methods,
            ClassifierOptions options, boolean fineTune) {
        return classify(run, selection, methods, options, fineTune, ClassifierListener.NONE);
    }

    /** As {@link #classify(RunDirectory, CheckpointSelection, Set, ClassifierOptions, boolean)}, telling {@code listener} how it goes. */
    public static List<ClassificationResult> classify(RunDirectory run, CheckpointSelection selection, Set<Method> methods,
            ClassifierOptions options, boolean fineTune, ClassifierListener listener) {
        RunSpec config = run.readManifest().spec();
        int cores = ThreadCount.processors();
        // what is written at the end, checked before anything is computed
        AtomicFiles.requireWritable(run.classifyFile());
        AtomicFiles.requireWritableFolder(run.modelsDir());
        requireClassifiersFit(config.model(), config.members(), methods, fineTune, options.hidden(), cores, Environment.physicalMemory());
        // raw pixels alone reads no checkpoint (and works on a run that has none)
        List<CheckpointChoice> chosen = fineTune || methods.stream().anyMatch(Method::readsEncoders) ? selection.choose(run) : List.of();
        CheckpointChoice.requirePresent(chosen);
        DataSplit data = config.data().load();
        Set<Method> planned = new LinkedHashSet<>(methods);
        if (fineTune) {
            planned.add(Method.FINE_TUNE_VOTE); // and, with it, the fine-tuned members
        }
        ModelSaver saver = ModelSaver.plan(ModelStore.of(run), config, data, selection, chosen, options, planned);
        Classification classification = new Classification(config.model(), data, options, listener, cores);
        List<ClassificationResult> results = new ArrayList<>(classification.evaluate(chosen, methods, selection, saver));
        if (fineTune) {
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

    /** Copies of a head's weights while it trains: the weights, their gradient and Adam's two moments. */
    static final int TRAINING_COPIES = 4;

    /**
     * Refuses, before any activation is computed, classifiers whose weights plainly cannot fit the machine's memory
     * (an estimate that catches sizes off by a large factor, as {@code org.eagerae.ensemble.MemoryCheck} does for
     * training): the heads on frozen activations are all kept until the last is trained, the largest of them training
     * with {@link #TRAINING_COPIES} copies of its weights; fine-tuning trains a member's head in each of up to
     * {@code workers} processes at a time; the head on raw pixels is kept beside them. Only a head's first layer is counted
     * (activations x hidden units), which dominates; logistic regression ({@code hidden} 0) is small on any encoder.
     *
     * @param physical bytes of memory the machine has
     * @throws org.eagerae.InvalidSettingException of {@code hidden}, saying how much the heads would need
     */
    static void requireClassifiersFit(CaeSpec model, int members, Set<Method> methods, boolean fineTune, int hidden, int workers,
            long physical) {
        if (hidden == 0) {
            return;
        }
        double memberHead = (double) model.latentSize() * hidden; // weights of the first layer of a head on one encoder
        double pixelHead = methods.contains(Method.RAW_PIXELS) ? (double) model.imageSize() * hidden : 0;
        boolean perMember = methods.stream().anyMatch(m -> m.perMember() || m.vote());
        boolean stacked = methods.contains(Method.STACKED);
        double kept = (perMember ? members * memberHead : 0) + (stacked ? members * memberHead : 0) + pixelHead;
        double largestOnEncoders = stacked ? members * memberHead : perMember ? memberHead : 0;
        boolean pixelsLargest = pixelHead > largestOnEncoders;
        double largest = Math.max(largestOnEncoders, pixelHead);
        double frozen = kept + (TRAINING_COPIES - 1) * largest;
        double tuning = fineTune ? Math.min(workers, members) * TRAINING_COPIES * memberHead : 0;
        double bytes = (double) Float.BYTES * Math.max(frozen, tuning);
        if (bytes > physical) {
            long inputs = pixelsLargest ? model.imageSize() : stacked ? (long) members * model.latentSize() : model.latentSize();
            throw new InvalidSettingException("hidden", "hidden " + hidden + " makes classifiers of about " + Bytes.format(bytes)
                    + " (the largest head's first layer is " + inputs + (pixelsLargest ? " pixels" : " activations") + " x " + hidden
                    + " hidden units, kept for every head and trained with its gradients and Adam's moments), more than this machine's "
                    + Bytes.format(physical)
                    + " of memory; use fewer hidden units");
        }
    }
}

package org.eagerae.models;

import org.eagerae.run.CheckpointSelection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.eagerae.classify.Classification;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.classify.EpochScore;
import org.eagerae.classify.MemberClassifiers;
import org.eagerae.classify.Method;
import org.eagerae.classify.ModelSink;
import org.eagerae.InvalidSettingException;
import org.eagerae.io.AtomicFiles;
import org.eagerae.io.Bytes;
import org.eagerae.model.CaeSpec;
import org.eagerae.run.Environment;
import org.eagerae.classify.LabelBudget;
import org.eagerae.data.DataSplit;
import org.eagerae.worker.WorkerFineTuner;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.RunSpec;
import org.eagerae.run.ThreadCount;
import org.eagerae.run.RunDirectory;

/**
 * What {@code eagerae classify} does, for the command line and the Java API alike: trains the
 * classifiers of the chosen methods on the chosen checkpoints, saves every one as a model, and adds
 * the results (each naming its models) to {@code classify.json}; or, with {@code --epoch best}, tries
 * every epoch and keeps, per method, the one that did best on the validation split.
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
        return classify(run, selection, methods, options, fineTune, listener, RunSpec::loadClassifierData, Optional.empty());
    }

    /**
     * As {@link #classify(RunDirectory, CheckpointSelection, Set, ClassifierOptions, boolean, ClassifierListener)}, each member's
     * activations, principal components and heads computed by {@code elsewhere} (a cluster's executors) with the numbers of
     * this process; the stacked head, the heads on raw pixels, the votes and fine-tuning stay here.
     *
     * @throws org.eagerae.InvalidInputException also a stacked head on every activation ({@link Classification#requireRunsElsewhere})
     */
    public static List<ClassificationResult> classify(RunDirectory run, CheckpointSelection selection, Set<Method> methods,
            ClassifierOptions options, boolean fineTune, ClassifierListener listener, MemberClassifiers elsewhere) {
        return classify(run, selection, methods, options, fineTune, listener, RunSpec::loadClassifierData, Optional.of(elsewhere));
    }

    private static List<ClassificationResult> classify(RunDirectory run, CheckpointSelection selection, Set<Method> methods,
            ClassifierOptions options, boolean fineTune, ClassifierListener listener, Function<RunSpec, DataSplit> load,
            Optional<MemberClassifiers> elsewhere) {
        if (elsewhere.isPresent()) {
            Classification.requireRunsElsewhere(methods, options);
        }
        RunSpec config = run.readManifest().spec();
        options = withVotingHeads(options, methods, config.members());
        int cores = ThreadCount.processors();
        requireBeforeComputing(run, config, methods, fineTune, options, cores);
        List<CheckpointChoice> chosen = checkpoints(run, selection, methods, fineTune);
        DataSplit data = LabelBudget.apply(load.apply(config), options); // with a label budget, every label a classifier sees
        Set<Method> planned = new LinkedHashSet<>(methods);
        if (fineTune) {
            planned.add(Method.FINE_TUNE_VOTE); // and, with it, the fine-tuned members
        }
        ModelSaver saver = ModelSaver.plan(ModelStore.of(run), config, data, selection, chosen, options, planned);
        Classification classification = new Classification(config.model(), data, options, listener, cores);
        List<ClassificationResult> results = new ArrayList<>(evaluate(classification, chosen, methods, selection, saver, elsewhere));
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

    /**
     * As {@link #classify(RunDirectory, CheckpointSelection, Set, ClassifierOptions, boolean, ClassifierListener)}, each method's
     * share of variance chosen by {@code search} on the validation labels: every candidate share is tried with nothing saved,
     * then, per chosen share, the methods that chose it are classified again with it (the same numbers) and saved, their
     * results added to {@code classify.json} as a plain {@code classify} with that share adds them. Fine-tuning reads every
     * activation and runs once, with the first group.
     *
     * @param methods frozen-feature methods, controls or semi-supervised methods, at least one
     */
    public static PcaSearch.Outcome classifyChoosingPca(RunDirectory run, CheckpointSelection selection, Set<Method> methods,
            ClassifierOptions options, PcaSearch search, boolean fineTune, ClassifierListener listener) {
        if (methods.isEmpty()) {
            throw new InvalidSettingException("pcaVariance", "choosing the share of variance needs a method whose heads read it");
        }
        RunSpec config = run.readManifest().spec();
        ClassifierOptions filled = withVotingHeads(options, methods, config.members());
        int cores = ThreadCount.processors();
        requireBeforeComputing(run, config, methods, fineTune, filled, cores);
        List<CheckpointChoice> chosen = checkpoints(run, selection, methods, false);
        DataSplit loaded = config.loadClassifierData(); // once: the search and the classifications of the chosen shares read it
        DataSplit data = LabelBudget.apply(loaded, filled);
        Map<Method, Map<Double, Double>> validation = new EnumMap<>(Method.class);
        Map<Method, Double> best = new EnumMap<>(Method.class);
        for (double share : search.candidates()) {
            Classification classification = new Classification(config.model(), data, filled.withPcaVariance(share), listener, cores);
            for (ClassificationResult r : classification.evaluate(chosen, methods, selection)) {
                validation.computeIfAbsent(r.method(), m -> new java.util.LinkedHashMap<>()).put(share, r.validationAccuracy());
                Double before = best.get(r.method());
                if (before == null || r.validationAccuracy() > validation.get(r.method()).get(before)) { // ties: the share tried first
                    best.put(r.method(), share);
                }
            }
        }
        Map<Double, Set<Method>> groups = new java.util.LinkedHashMap<>();
        for (double share : search.candidates()) {
            best.forEach((m, s) -> {
                if (s == share) {
                    groups.computeIfAbsent(share, x -> new LinkedHashSet<>()).add(m);
                }
            });
        }
        Map<Method, ClassificationResult> byMethod = new EnumMap<>(Method.class);
        List<ClassificationResult> tuned = new ArrayList<>();
        boolean first = true;
        for (Map.Entry<Double, Set<Method>> group : groups.entrySet()) {
            for (ClassificationResult r : classify(run, selection, group.getValue(), options.withPcaVariance(group.getKey()),
                    fineTune && first, listener, spec -> loaded, Optional.empty())) {
                if (group.getValue().contains(r.method())) {
                    byMethod.put(r.method(), r);
                } else {
                    tuned.add(r);
                }
            }
            first = false;
        }
        List<ClassificationResult> results = new ArrayList<>(methods.stream().filter(byMethod::containsKey).map(byMethod::get).toList());
        results.addAll(tuned);
        return new PcaSearch.Outcome(results, validation);
    }

    /**
     * {@code classify --epoch best}: classifies with a run's encoders at every epoch of {@code search} (features
     * computed once per epoch for all methods), and chooses for each method the epoch where its classifiers had
     * the highest accuracy on the validation split (ties: the earlier epoch; epoch 0, the untrained encoders,
     * competes like any other). The test split is only reported: each result's validation curve holds the test
     * accuracy of every epoch tried, which no choice reads. Only the chosen classifiers are saved as models, each
     * manifest recording the choice and its curve; the results (selection {@code best epoch E on validation}) are
     * added to {@code classify.json}.
     *
     * @param methods  frozen-feature methods ({@link Method#FROZEN}); may be empty when fine-tuning
     * @param fineTune also fine-tune every member at every epoch tried ({@code fine-tune}, {@code fine-tune-vote})
     * @return the chosen results, in the order {@link #classify} reports them
     * @throws org.eagerae.InvalidInputException before anything is computed: no epoch to try, a missing checkpoint, a
     *                                           run folder where {@code classify.json} or the models cannot be written
     */
    public static List<ClassificationResult> classifyBest(RunDirectory run, BestEpochSearch search, Set<Method> methods,
            ClassifierOptions options, boolean fineTune, ClassifierListener listener) {
        return classifyBest(run, search, methods, options, fineTune, listener, RunSpec::loadClassifierData, Optional.empty());
    }

    /**
     * As {@link #classifyBest(RunDirectory, BestEpochSearch, Set, ClassifierOptions, boolean, ClassifierListener)}, each member's
     * part at every epoch computed by {@code elsewhere}, as {@link #classify(RunDirectory, CheckpointSelection, Set,
     * ClassifierOptions, boolean, ClassifierListener, MemberClassifiers)} does.
     */
    public static List<ClassificationResult> classifyBest(RunDirectory run, BestEpochSearch search, Set<Method> methods,
            ClassifierOptions options, boolean fineTune, ClassifierListener listener, MemberClassifiers elsewhere) {
        return classifyBest(run, search, methods, options, fineTune, listener, RunSpec::loadClassifierData, Optional.of(elsewhere));
    }

    /** The frozen-feature methods' results: each member's part here, or by {@code elsewhere} where given. */
    private static List<ClassificationResult> evaluate(Classification classification, List<CheckpointChoice> chosen, Set<Method> methods,
            CheckpointSelection selection, ModelSink sink, Optional<MemberClassifiers> elsewhere) {
        return elsewhere.isPresent() ? classification.evaluate(chosen, methods, selection, sink, elsewhere.get())
                : classification.evaluate(chosen, methods, selection, sink);
    }

    /** As {@link #classifyBest(RunDirectory, BestEpochSearch, Set, ClassifierOptions, boolean, ClassifierListener)} on {@code data}. */
    static List<ClassificationResult> classifyBest(RunDirectory run, DataSplit data, BestEpochSearch search, Set<Method> methods,
            ClassifierOptions options, boolean fineTune, ClassifierListener listener) {
        return classifyBest(run, search, methods, options, fineTune, listener, spec -> data, Optional.empty());
    }

    private static List<ClassificationResult> classifyBest(RunDirectory run, BestEpochSearch search, Set<Method> methods,
            ClassifierOptions options, boolean fineTune, ClassifierListener listener, Function<RunSpec, DataSplit> load,
            Optional<MemberClassifiers> elsewhere) {
        if (elsewhere.isPresent()) {
            Classification.requireRunsElsewhere(methods, options);
        }
        Set<Method> pixels = methods.stream().filter(m -> !m.readsEncoders()).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
        if (!pixels.isEmpty()) { // they read no encoder, so they have no epoch to choose: classified once, after the others
            Set<Method> encoders = new LinkedHashSet<>(methods);
            encoders.removeAll(pixels);
            DataSplit loaded = load.apply(run.readManifest().spec()); // once for both: the unlabelled images are read and checked
            List<ClassificationResult> out = new ArrayList<>();
            if (!encoders.isEmpty() || fineTune) {
                out.addAll(classifyBest(run, search, encoders, options, fineTune, listener, spec -> loaded, elsewhere));
            }
            out.addAll(classify(run, new CheckpointSelection.None(), pixels, options, false, listener, spec -> loaded, Optional.empty()));
            return out;
        }
        RunSpec config = run.readManifest().spec();
        options = withVotingHeads(options, methods, config.members());
        int cores = ThreadCount.processors();
        requireBeforeComputing(run, config, methods, fineTune, options, cores);
        List<Integer> epochs = search.candidates(run);
        Map<Integer, List<CheckpointChoice>> checkpoints = new LinkedHashMap<>();
        for (int e : epochs) {
            List<CheckpointChoice> chosen = search.at(e).choose(run);
            CheckpointChoice.requirePresent(chosen);
            checkpoints.put(e, chosen);
        }
        DataSplit data = LabelBudget.apply(load.apply(config), options); // with a label budget, every label a classifier sees
        Classification classification = new Classification(config.model(), data, options, listener, cores);
        Map<Integer, List<ClassificationResult>> tried = new LinkedHashMap<>();
        Map<Method, Integer> best = new EnumMap<>(Method.class);
        int members = checkpoints.get(epochs.get(0)).size();
        try (HeldModels held = new HeldModels();
                WorkerFineTuner workers = fineTune && cores > 1 ? new WorkerFineTuner(run, config, Math.min(cores, members)) : null) {
            for (int i = 0; i < epochs.size(); i++) {
                int epoch = epochs.get(i);
                long start = System.nanoTime();
                listener.onCandidateEpoch(epoch, i, epochs.size());
                List<CheckpointChoice> chosen = checkpoints.get(epoch);
                CheckpointSelection asTried = new CheckpointSelection.Epoch(epoch);
                List<ClassificationResult> results = new ArrayList<>();
                if (!methods.isEmpty()) {
                    results.addAll(evaluate(classification, chosen, methods, asTried, held.at(epoch), elsewhere));
                }
                if (fineTune) {
                    results.addAll(workers != null ? classification.fineTune(chosen, asTried, held.at(epoch), workers)
                            : classification.fineTune(chosen, asTried, held.at(epoch)));
                }
                tried.put(epoch, results);
                for (ClassificationResult r : results) { // strictly better only: a tie keeps the earlier epoch
                    Integer before = best.get(r.method());
                    if (before == null || r.validationAccuracy() > result(tried.get(before), r.method()).validationAccuracy()) {
                        best.put(r.method(), epoch);
                    }
                }
                held.keepOnly(best);
                listener.onCandidateDone(epoch, i, epochs.size(), results, (System.nanoTime() - start) / 1e9);
            }
            return saveChosen(run, config, data, search, options, tried, checkpoints, best, held);
        }
    }

    /**
     * Saves the classifiers each method chose (per chosen epoch, the methods that chose it together, with the
     * per-member classifiers their votes combine), adds the chosen results to {@code classify.json} and returns them.
     */
    private static List<ClassificationResult> saveChosen(RunDirectory run, RunSpec config, DataSplit data, BestEpochSearch search,
            ClassifierOptions options, Map<Integer, List<ClassificationResult>> tried, Map<Integer, List<CheckpointChoice>> checkpoints,
            Map<Method, Integer> best, HeldModels held) {
        Map<Integer, Set<Method>> byEpoch = new TreeMap<>();
        best.forEach((method, epoch) -> byEpoch.computeIfAbsent(epoch, e -> new LinkedHashSet<>()).add(method));
        Map<Method, ClassificationResult> chosen = new EnumMap<>(Method.class);
        ModelStore store = ModelStore.of(run);
        for (Map.Entry<Integer, Set<Method>> group : byEpoch.entrySet()) {
            int epoch = group.getKey();
            CheckpointSelection selection = search.at(epoch);
            Map<Method, ModelManifest.EpochChoice> choices = new EnumMap<>(Method.class);
            group.getValue().forEach(m -> choices.put(m, new ModelManifest.EpochChoice(m, epoch, curve(tried, m))));
            ModelSaver saver = ModelSaver.plan(store, config, data, selection, checkpoints.get(epoch), options, group.getValue())
                    .withChoices(choices);
            Map<String, String> names = held.save(epoch, group.getValue(), saver);
            for (Method m : group.getValue()) {
                ClassificationResult r = result(tried.get(epoch), m);
                chosen.put(m, r.chosen(selection, curve(tried, m), r.models().stream().map(names::get).toList()));
            }
        }
        List<ClassificationResult> results = tried.values().iterator().next().stream().map(r -> chosen.get(r.method())).toList();
        ClassifyFile.append(run, results);
        return results;
    }

    /** {@code method} at every epoch tried, in order. */
    private static List<EpochScore> curve(Map<Integer, List<ClassificationResult>> tried, Method method) {
        return tried.entrySet().stream().map(e -> {
            ClassificationResult r = result(e.getValue(), method);
            return new EpochScore(e.getKey(), r.validationAccuracy(), r.accuracy());
        }).toList();
    }

    private static ClassificationResult result(List<ClassificationResult> results, Method method) {
        return results.stream().filter(r -> r.method() == method).findFirst().orElseThrow();
    }

    /**
     * What is written at the end, checked before anything is computed: {@code classify.json} and the models folder can be
     * written, and the classifiers fit the machine's memory ({@link #requireClassifiersFit}).
     */
    private static void requireBeforeComputing(RunDirectory run, RunSpec config, Set<Method> methods, boolean fineTune,
            ClassifierOptions options, int cores) {
        AtomicFiles.requireWritable(run.classifyFile());
        AtomicFiles.requireWritableFolder(run.modelsDir());
        requireClassifiersFit(config.model(), config.members(), methods, fineTune, options.hidden(), options.votingHeads(), cores,
                Environment.physicalMemory());
    }

    /** The members' checkpoints {@code selection} chooses, all present; none when only raw pixels are asked for (they read none). */
    private static List<CheckpointChoice> checkpoints(RunDirectory run, CheckpointSelection selection, Set<Method> methods,
            boolean fineTune) {
        List<CheckpointChoice> chosen = fineTune || methods.stream().anyMatch(Method::readsEncoders) ? selection.choose(run) : List.of();
        CheckpointChoice.requirePresent(chosen);
        return chosen;
    }

    /** The settings with the controls' K filled in (the run's members) where a control is asked for and K is not set. */
    private static ClassifierOptions withVotingHeads(ClassifierOptions options, Set<Method> methods, int members) {
        return methods.stream().anyMatch(Method::votesOverSeeds) ? options.withVotingHeadsDefault(members) : options;
    }

    /** Copies of a head's weights while it trains: the weights, their gradient and Adam's two moments. */
    static final int TRAINING_COPIES = 4;

    /**
     * Refuses, before any activation is computed, classifiers whose weights plainly cannot fit the machine's memory
     * (an estimate that catches sizes off by a large factor, as {@code org.eagerae.ensemble.MemoryCheck} does for
     * training): the heads on frozen activations are all kept until the last is trained, the largest of them training
     * with {@link #TRAINING_COPIES} copies of its weights; fine-tuning trains a member's head in each of up to
     * {@code workers} processes at a time; the heads on raw pixels are kept beside them, and so are the extra heads of the
     * seed controls ({@code votingHeads} - 1 on one encoder or on the pixels). Only a head's first layer is counted
     * (activations x hidden units), which dominates; logistic regression ({@code hidden} 0) is small on any encoder.
     *
     * @param physical bytes of memory the machine has
     * @throws org.eagerae.InvalidSettingException of {@code hidden}, saying how much the heads would need
     */
    static void requireClassifiersFit(CaeSpec model, int members, Set<Method> methods, boolean fineTune, int hidden, int votingHeads,
            int workers, long physical) {
        if (hidden == 0) {
            return;
        }
        double memberHead = (double) model.latentSize() * hidden; // weights of the first layer of a head on one encoder
        int pixelHeads = (methods.contains(Method.RAW_PIXELS_VOTE) ? votingHeads : methods.contains(Method.RAW_PIXELS) ? 1 : 0)
                + (methods.contains(Method.RAW_PIXELS_SPREAD) ? 1 : 0);
        double pixelHead = pixelHeads > 0 ? (double) model.imageSize() * hidden : 0;
        boolean perMember = methods.stream().anyMatch(Method::needsMemberHeads);
        boolean spread = methods.stream().anyMatch(Method::needsSpreadHeads);
        boolean stacked = methods.contains(Method.STACKED);
        int firstMemberHeads = methods.contains(Method.HEAD_VOTE) ? (perMember ? votingHeads - 1 : votingHeads) : 0;
        double kept = (perMember ? members * memberHead : 0) + (spread ? members * memberHead : 0) + (stacked ? members * memberHead : 0) + pixelHeads * pixelHead
                + firstMemberHeads * memberHead;
        double largestOnEncoders = stacked ? members * memberHead : perMember || spread || firstMemberHeads > 0 ? memberHead : 0;
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

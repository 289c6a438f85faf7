package org.eagerae.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.FeaturePooling;
import org.eagerae.classify.FineTuneAugmentation;
import org.eagerae.classify.MemberClassifiers;
import org.eagerae.classify.Method;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.models.BestEpochSearch;
import org.eagerae.ensemble.ClassifierBackend;
import org.eagerae.run.BackendName;
import org.eagerae.models.ModelTraining;
import org.eagerae.models.PcaSearch;

/**
 * Trains classifiers on a run's encoders from Java, as {@code eagerae classify} does: every
 * classifier is saved as a model of the run ({@link ImageClassifier#load}) and every result is
 * added to {@code classify.json}.
 * <pre>{@code
 * List<ClassificationResult> results = ClassifierTrainer.on(run).epoch(5).methods(Method.SOFT_VOTE).train();
 * String name = results.get(0).models().get(0); // soft-vote-epoch-005
 * }</pre>
 */
public final class ClassifierTrainer {

    private final Path run;
    private CheckpointSelection selection = new CheckpointSelection.Last();
    private BestEpochSearch best;
    private Set<Method> methods = new LinkedHashSet<>(Method.FROZEN);
    private int hidden = ClassifierOptions.defaults(1).hidden();
    private double pcaVariance = ClassifierOptions.defaults(1).pcaVariance();
    private FeaturePooling featurePooling = FeaturePooling.NONE;
    private long seed = 1;
    private boolean fineTune;
    private PcaSearch pcaSearch;
    private FineTuneAugmentation fineTuneAugmentation = FineTuneAugmentation.SHIFT_AND_TURN;
    private int votingHeads;
    private int labelsPerClass;
    private int labelsInAll;
    private BackendName backend;
    private final Map<String, String> backendSettings = new LinkedHashMap<>();

    private ClassifierTrainer(Path run) {
        this.run = run;
    }

    /** Classifiers on the encoders of the run folder {@code run}. */
    public static ClassifierTrainer on(Path run) {
        return new ClassifierTrainer(run);
    }

    /** Every member's checkpoint after {@code epoch} (default: each member's last). */
    public ClassifierTrainer epoch(int epoch) {
        this.selection = new CheckpointSelection.Epoch(epoch);
        this.best = null;
        return this;
    }

    /** Each member's latest checkpoint within {@code seconds} of training. */
    public ClassifierTrainer budget(double seconds) {
        this.selection = new CheckpointSelection.Budget(seconds);
        this.best = null;
        return this;
    }

    /**
     * For each method, the epoch (0 included) whose classifiers do best on the validation split, as
     * {@code classify --epoch best} chooses it; only the chosen classifiers are saved.
     */
    public ClassifierTrainer bestEpoch() {
        this.best = BestEpochSearch.everyEpoch();
        return this;
    }

    /** As {@link #bestEpoch()}, among the epochs every member reached within {@code seconds} of training. */
    public ClassifierTrainer bestEpochWithin(double seconds) {
        this.best = new BestEpochSearch(seconds, null, null);
        return this;
    }

    /** K of the controls {@code raw-pixels-vote} and {@code head-vote}: how many heads with different seeds vote (default: the run's members). */
    public ClassifierTrainer votingHeads(int heads) {
        if (heads < 1) {
            throw new IllegalArgumentException("votingHeads must be >= 1, got " + heads);
        }
        this.votingHeads = heads;
        return this;
    }

    /**
     * The frozen-feature methods (default: all of {@link Method#FROZEN}, raw pixels included), the controls ({@link Method#CONTROLS})
     * and the semi-supervised methods ({@link Method#SEMI_SUPERVISED}).
     */
    public ClassifierTrainer methods(Method... chosen) {
        this.methods = new LinkedHashSet<>(List.of(chosen));
        return this;
    }

    /** Hidden units of the MLP (default 256); 0 = logistic regression. */
    public ClassifierTrainer hidden(int units) {
        this.hidden = units;
        return this;
    }

    /**
     * What heads read of each encoder's output (default {@link FeaturePooling#NONE}: every activation);
     * {@link FeaturePooling#GLOBAL} or a grid keep heads small on large images. Saved models follow it.
     */
    public ClassifierTrainer featurePooling(FeaturePooling pooling) {
        this.featurePooling = java.util.Objects.requireNonNull(pooling, "pooling");
        return this;
    }

    /**
     * Heads train on each encoder's principal components that keep this fraction of its variance
     * (default 0.99); 0 = on every activation.
     */
    public ClassifierTrainer pcaVariance(double fraction) {
        this.pcaVariance = fraction;
        this.pcaSearch = null;
        return this;
    }

    /**
     * Each method's share of variance chosen on the validation labels (a label budget's own) among those of {@code search}
     * ({@link PcaSearch#DEFAULT}: 99, 95, 80 and 50 %), as {@code classify --pca auto}; with {@link #epoch} or {@link #budget}
     * on this machine.
     */
    public ClassifierTrainer pcaVarianceChosenOnValidation(PcaSearch search) {
        this.pcaSearch = java.util.Objects.requireNonNull(search, "search");
        return this;
    }

    /**
     * A label budget: the classifiers see only {@code perClass} labelled training images of each class, drawn with the seed,
     * and early-stop on a share of them ({@link org.eagerae.classify.LabelBudget}); 0 = every label (the default).
     */
    public ClassifierTrainer labelsPerClass(int perClass) {
        this.labelsPerClass = perClass;
        return this;
    }

    /**
     * A label budget in all: the classifiers see only {@code labels} labelled training images, shared among the classes in
     * their proportions (at least two each), drawn with the seed ({@link org.eagerae.classify.LabelBudget.Scope#IN_ALL});
     * 0 = every label (the default). Refused when {@link #labelsPerClass} is set too.
     */
    public ClassifierTrainer labelsInAll(int labels) {
        this.labelsInAll = labels;
        return this;
    }

    /** The classifiers' seed (default 1). */
    public ClassifierTrainer seed(long s) {
        this.seed = s;
        return this;
    }

    /** Also fine-tune every member end to end ({@code fine-tune}, {@code fine-tune-vote}). */
    public ClassifierTrainer fineTune(boolean on) {
        this.fineTune = on;
        return this;
    }

    /**
     * What fine-tuning does to its training images each epoch: moves and turns them ({@link FineTuneAugmentation#SHIFT_AND_TURN},
     * the default) or leaves them as they are ({@link FineTuneAugmentation#NONE}).
     */
    public ClassifierTrainer fineTuneAugmentation(FineTuneAugmentation augmentation) {
        this.fineTuneAugmentation = java.util.Objects.requireNonNull(augmentation, "augmentation");
        return this;
    }

    /**
     * Where each member's activations, principal components and heads are computed: {@code inline} (here, the default) or
     * {@code spark} (one member per executor, with the same numbers; {@code org.eagerae:eagerae-spark} on the class path).
     */
    public ClassifierTrainer backend(String name) {
        this.backend = BackendName.of(name);
        return this;
    }

    /** A setting of the backend, as for training; for {@code spark}: Spark's, e.g. {@code spark.master}. */
    public ClassifierTrainer backendSetting(String key, String value) {
        backendSettings.put(key, value);
        return this;
    }

    /** Trains, saves and records the classifiers; each result names the models it saved. */
    public List<ClassificationResult> train() {
        if (methods.stream().anyMatch(m -> !Method.FROZEN.contains(m) && !Method.CONTROLS.contains(m) && !Method.SEMI_SUPERVISED.contains(m))) {
            throw new IllegalArgumentException("methods(...) takes frozen-feature methods " + Method.FROZEN + ", the controls "
                    + Method.CONTROLS + " and the semi-supervised methods " + Method.SEMI_SUPERVISED + "; use fineTune(true) for fine-tuning");
        }
        ClassifierOptions options = ClassifierOptions.defaults(seed).withHidden(hidden).withPcaVariance(pcaVariance).withFeaturePooling(featurePooling)
                .withVotingHeads(votingHeads).withLabelsPerClass(labelsPerClass).withLabelsInAll(labelsInAll).withFineTuneAugmentation(fineTuneAugmentation);
        if (pcaSearch != null) {
            if (best != null || backend != null) {
                throw new IllegalStateException("pcaVarianceChosenOnValidation goes with epoch(...) or budget(...) on this machine, not with "
                        + (best != null ? "bestEpoch()" : "backend(...)"));
            }
            return ModelTraining.classifyChoosingPca(RunDirectory.open(run), selection, methods, options, pcaSearch, fineTune,
                    ClassifierListener.NONE).results();
        }
        try (ClassifierBackend where = ClassifierBackend.open(Optional.ofNullable(backend), backendSettings)) {
            if (where.elsewhere().isPresent()) {
                MemberClassifiers elsewhere = where.elsewhere().get();
                return best != null ? ModelTraining.classifyBest(RunDirectory.open(run), best, methods, options, fineTune, ClassifierListener.NONE, elsewhere)
                        : ModelTraining.classify(RunDirectory.open(run), selection, methods, options, fineTune, ClassifierListener.NONE, elsewhere);
            }
            if (best != null) {
                return ModelTraining.classifyBest(RunDirectory.open(run), best, methods, options, fineTune, ClassifierListener.NONE);
            }
            return ModelTraining.classify(RunDirectory.open(run), selection, methods, options, fineTune);
        }
    }
}

package org.eagerae.experiment;

import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidSettingException;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.data.SplitPreset;
import org.eagerae.data.UnlabelledImages;
import org.eagerae.model.Architecture;
import org.eagerae.model.CaeSpec;
import org.eagerae.run.RunSpec;

/**
 * The settings of the paper's experiment, stored in {@code experiment.json}.
 *
 * @param preset          a {@link SplitPreset}'s name (the data and its split), or {@link #LABELS_QUICK}; the {@code -all} presets
 *                        and {@link #LABELS_QUICK} run the label-efficiency study ({@link #labelStudy()})
 * @param dataDir         the data folder
 * @param members         K, the ensemble's size
 * @param repeats         independent repeats (seeds {@code seed}, {@code seed+1}, ...)
 * @param seed            the first repeat's seed
 * @param monoMaxEpochs   the monolithic model's epoch cap (it stops earlier by convergence)
 * @param ensembleEpochs  epochs each ensemble member trains (checkpoints are picked later)
 * @param classifyEpochs  the epochs at which the classifiers are evaluated
 * @param workers         worker processes for the ensemble
 * @param quick           whether these are the shortened settings (said so in the report)
 * @param restartStuck    whether stuck members (and a stuck monolithic model) are started again from a fresh
 *                        seed ({@link org.eagerae.train.StuckMemberRule}); false in experiments made before
 *                        this setting existed
 * @param trainSize       training images, or 0 for the preset's (0 in experiments made before this setting existed)
 * @param valSize         validation images, or 0 for the preset's
 * @param architecture    the autoencoders' layers, of the monolithic model and the members alike; null gives the
 *                        preset's ({@link #presetArchitecture}), as in experiments made before this setting existed
 * @param fineTune        whether the ensemble's members are also fine-tuned end to end, from their last epoch and, as the
 *                        supervised control, from their initial weights (the same network trained from scratch); false in
 *                        experiments made before this setting existed
 * @param labelsPerClass  the label budgets of the label-efficiency curve ({@link org.eagerae.classify.LabelBudget}), each a
 *                        number of labelled training images per class (at least 2) or 0 for every label, in the order given;
 *                        empty (as in experiments made before this setting existed): no curve, unless {@code labelsInAll}
 *                        gives one. Only the classifiers see a
 *                        budget: the autoencoders train once per repeat, on every image
 * @param unlabelled      images without labels that every repeat's autoencoders (the monolithic model's and the members')
 *                        also train on ({@link RunSpec#withUnlabelled}) and the classifiers' unsupervised steps read
 *                        ({@link RunSpec#loadClassifierData}), with their counts and checksum; null: none (as in
 *                        experiments made before this setting existed)
 * @param labelsInAll     the label budgets of the curve as numbers of labelled training images in all, shared among the
 *                        classes in their proportions ({@link org.eagerae.classify.LabelBudget.Scope#IN_ALL}), or 0 for every
 *                        label; empty when the curve counts per class (as in experiments made before this setting existed).
 *                        At most one of {@code labelsPerClass} and this is non-empty: a curve has one axis
 */
public record ExperimentConfig(String preset, String dataDir, int members, int repeats, long seed, int monoMaxEpochs,
        int ensembleEpochs, List<Integer> classifyEpochs, int workers, boolean quick, boolean restartStuck, int trainSize, int valSize,
        Architecture architecture, boolean fineTune, List<Integer> labelsPerClass, UnlabelledImages unlabelled, List<Integer> labelsInAll) {

    /** The label-efficiency study's quick preset: MNIST small's split, one repeat, within minutes. */
    public static final String LABELS_QUICK = "labels-quick";

    /** The presets understood: the split presets and {@link #LABELS_QUICK}. */
    public static final List<String> PRESETS = java.util.stream.Stream.concat(SplitPreset.labels().stream(), java.util.stream.Stream.of(LABELS_QUICK))
            .toList();

    /** The label-efficiency study's label budgets: 10, 30 and 100 labels per class, and every label (0). */
    public static final List<Integer> STUDY_BUDGETS = List.of(10, 30, 100, 0);

    /** The label-efficiency study's epochs, of the members and the monolithic model alike: eager, so few. */
    public static final int STUDY_EPOCHS = 2;

    public ExperimentConfig {
        split(preset); // a preset this version knows
        InvalidSettingException.require(members >= 1, "members", "must be >= 1", members);
        InvalidSettingException.require(repeats >= 1, "repeats", "must be >= 1", repeats);
        InvalidSettingException.require(monoMaxEpochs >= 1, "monoMaxEpochs", "must be >= 1", monoMaxEpochs);
        InvalidSettingException.require(ensembleEpochs >= 1, "ensembleEpochs", "must be >= 1", ensembleEpochs);
        InvalidSettingException.require(workers >= 1, "workers", "must be >= 1", workers);
        if (trainSize < 0 || valSize < 0 || (trainSize == 0) != (valSize == 0)) {
            throw new InvalidSettingException(List.of("trainSize", "valSize"),
                    "trainSize and valSize go together and must be >= 1; got " + trainSize + " and " + valSize);
        }
        classifyEpochs = List.copyOf(classifyEpochs);
        labelsPerClass = checkedBudgets(org.eagerae.classify.LabelBudget.Scope.PER_CLASS, "labelsPerClass", labelsPerClass);
        labelsInAll = checkedBudgets(org.eagerae.classify.LabelBudget.Scope.IN_ALL, "labelsInAll", labelsInAll);
        if (!labelsPerClass.isEmpty() && !labelsInAll.isEmpty()) {
            throw new InvalidSettingException(List.of("labelsPerClass", "labelsInAll"), "labelsPerClass " + labelsPerClass
                    + " and labelsInAll " + labelsInAll + " are two axes for one label-efficiency curve; give one");
        }
        if (architecture == null) {
            architecture = presetArchitecture(preset);
        }
    }

    /** Settings with the preset's architecture and no fine-tuning. */
    public ExperimentConfig(String preset, String dataDir, int members, int repeats, long seed, int monoMaxEpochs, int ensembleEpochs,
            List<Integer> classifyEpochs, int workers, boolean quick, boolean restartStuck, int trainSize, int valSize) {
        this(preset, dataDir, members, repeats, seed, monoMaxEpochs, ensembleEpochs, classifyEpochs, workers, quick, restartStuck,
                trainSize, valSize, null, false, List.of(), null, List.of());
    }

    /** The paper's layers for the preset's images: CIFAR-10's for CIFAR-10's presets, MNIST's for the others. */
    public static Architecture presetArchitecture(String preset) {
        return split(preset).dataset().equals("cifar10") ? Architecture.CIFAR10 : Architecture.MNIST;
    }

    /** The autoencoder of the preset's images with this experiment's architecture. */
    public CaeSpec model() {
        return dataset().equals("cifar10") ? CaeSpec.of(3, 32, 32, architecture) : CaeSpec.of(1, 28, 28, architecture);
    }

    /** Settings with the preset's split sizes. */
    public ExperimentConfig(String preset, String dataDir, int members, int repeats, long seed, int monoMaxEpochs, int ensembleEpochs,
            List<Integer> classifyEpochs, int workers, boolean quick, boolean restartStuck) {
        this(preset, dataDir, members, repeats, seed, monoMaxEpochs, ensembleEpochs, classifyEpochs, workers, quick, restartStuck, 0, 0);
    }

    /** These settings with fine-tuning on or off. */
    public ExperimentConfig withFineTune(boolean on) {
        return new ExperimentConfig(preset, dataDir, members, repeats, seed, monoMaxEpochs, ensembleEpochs, classifyEpochs, workers, quick,
                restartStuck, trainSize, valSize, architecture, on, labelsPerClass, unlabelled, labelsInAll);
    }

    /** These settings with the label-efficiency curve's budgets per class ({@link #labelsPerClass}; empty: no curve), none in all. */
    public ExperimentConfig withLabelsPerClass(List<Integer> budgets) {
        return new ExperimentConfig(preset, dataDir, members, repeats, seed, monoMaxEpochs, ensembleEpochs, classifyEpochs, workers, quick,
                restartStuck, trainSize, valSize, architecture, fineTune, budgets, unlabelled, List.of());
    }

    /** These settings with the label-efficiency curve's budgets in all ({@link #labelsInAll}; empty: no curve), none per class. */
    public ExperimentConfig withLabelsInAll(List<Integer> budgets) {
        return new ExperimentConfig(preset, dataDir, members, repeats, seed, monoMaxEpochs, ensembleEpochs, classifyEpochs, workers, quick,
                restartStuck, trainSize, valSize, architecture, fineTune, List.of(), unlabelled, budgets);
    }

    /** Whether the label-efficiency curve counts labels in all ({@link #labelsInAll}) rather than per class. */
    public boolean countsLabelsInAll() {
        return !labelsInAll.isEmpty();
    }

    /** The curve's points in words, e.g. {@code 10 labels per class, 30 labels per class, every label}. */
    public String describeBudgets() {
        return labelBudgets().stream().map(LabelAmount::describe).collect(java.util.stream.Collectors.joining(", "));
    }

    /** The label-efficiency curve's points in the order given, per class or in all; empty: no curve. */
    public List<LabelAmount> labelBudgets() {
        return labelsInAll.isEmpty() ? labelsPerClass.stream().map(LabelAmount::perClass).toList()
                : labelsInAll.stream().map(LabelAmount::inAll).toList();
    }

    private static List<Integer> checkedBudgets(org.eagerae.classify.LabelBudget.Scope scope, String setting, List<Integer> budgets) {
        List<Integer> checked = budgets == null ? List.of() : List.copyOf(budgets);
        for (int budget : checked) {
            org.eagerae.classify.LabelBudget.requireBudgetOrZero(scope, budget);
        }
        if (checked.stream().distinct().count() != checked.size()) {
            throw new InvalidSettingException(setting, setting + " lists a budget twice: " + checked);
        }
        return checked;
    }

    /** These settings with every repeat's autoencoders also training on {@code images} (null: none). */
    public ExperimentConfig withUnlabelled(UnlabelledImages images) {
        return new ExperimentConfig(preset, dataDir, members, repeats, seed, monoMaxEpochs, ensembleEpochs, classifyEpochs, workers, quick,
                restartStuck, trainSize, valSize, architecture, fineTune, labelsPerClass, images, labelsInAll);
    }

    /**
     * The settings the experiment's classifiers train with in the repeat of {@code repeatSeed}: its own, not
     * {@code classify}'s defaults, so that its results compare across versions. An MLP of 256 hidden units on
     * every activation, Adam 1e-3 on batches of 100, at most 25 epochs, stopping after 4 without a better
     * validation accuracy, no step-size drops; the seed controls vote over K heads, as many as the members. The report
     * describes them from here.
     */
    public ClassifierOptions classifierOptions(long repeatSeed) {
        return ClassifierOptions.defaults(repeatSeed).withPcaVariance(0).withLearningRate(1e-3f).withBatchSize(100).withMaxEpochs(25)
                .withPatience(4).withLearningRateDrops(0).withVotingHeads(members);
    }

    /**
     * The settings of the semi-supervised methods under a label budget ({@link org.eagerae.classify.Method#SEMI_SUPERVISED}):
     * {@link #classifierOptions}, but on the principal components that keep 99 % of each encoder's variance (of the pixels',
     * for raw pixels), which label spreading joins images by.
     */
    public ClassifierOptions spreadingOptions(long repeatSeed) {
        return classifierOptions(repeatSeed).withPcaVariance(SPREADING_VARIANCE);
    }

    /** The share of variance the semi-supervised methods' principal components keep. */
    public static final double SPREADING_VARIANCE = 0.99;

    /** The paper's series of evaluation epochs (1, 2, 3, 5, 10, 20, 50, 100) up to {@code max}. */
    public static List<Integer> epochSeries(int max) {
        List<Integer> out = new ArrayList<>();
        for (int e : new int[] {1, 2, 3, 5, 10, 20, 50, 100}) {
            if (e <= max) {
                out.add(e);
            }
        }
        return out;
    }

    /** Whether {@code preset} runs the label-efficiency study rather than the paper's protocol ({@link #labelStudy()}). */
    public static boolean labelStudy(String preset) {
        return preset.equals(LABELS_QUICK) || split(preset).allImages();
    }

    /**
     * Whether this is the label-efficiency study: the classifiers at the members' and the monolithic model's last epoch (and
     * the baselines at epoch 0) with every label and with each budget, the semi-supervised methods among them; without the
     * paper's comparisons at equal wall-clock time and the replayed eager stop, which ask about time, not labels.
     */
    public boolean labelStudy() {
        return labelStudy(preset);
    }

    /** The data and split sizes of the preset. */
    public SplitPreset split() {
        return split(preset);
    }

    /**
     * The data and split sizes of {@code preset}: its {@link SplitPreset}, MNIST small's for {@link #LABELS_QUICK}.
     *
     * @throws InvalidSettingException naming every preset, when {@code preset} is none of {@link #PRESETS}
     */
    public static SplitPreset split(String preset) {
        if (!PRESETS.contains(preset)) {
            throw new InvalidSettingException("preset", "unknown preset '" + preset + "'; use one of " + String.join(", ", PRESETS));
        }
        return preset.equals(LABELS_QUICK) ? SplitPreset.MNIST_SMALL : SplitPreset.parse(preset);
    }

    /** Training and validation sizes: those given, or the preset's. */
    public int[] sizes() {
        return trainSize > 0 ? new int[] {trainSize, valSize} : new int[] {split().trainSize(), split().valSize()};
    }

    /** The dataset of the preset. */
    public String dataset() {
        return split().dataset();
    }
}

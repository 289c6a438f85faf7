package org.eagerae.classify;

import org.eagerae.InvalidSettingException;

/**
 * How classifiers train.
 *
 * @param hidden            units of the hidden layer; 0 = logistic regression
 * @param pcaVariance       heads on frozen features train on each encoder's leading principal components
 *                          that keep this fraction of its standardised training activations' variance
 *                          ({@link PrincipalComponents}); 0 = on every feature. Saved heads read the
 *                          standardised activations either way. Files written before the setting existed
 *                          read as 0.
 * @param learningRate      Adam's step size
 * @param batchSize         examples per batch
 * @param maxEpochs         the epoch cap
 * @param patience          epochs without a better validation accuracy before the step size drops
 *                          or, when no drops are left, training stops (the best epoch is kept)
 * @param learningRateDrops how often the step size may be divided by {@link #DROP_FACTOR}
 * @param maxShift          end-to-end fine-tuning only: training images move by up to this many
 *                          pixels in each direction
 * @param maxDegrees        end-to-end fine-tuning only: and turn by up to this many degrees (both 0 =
 *                          no augmentation)
 * @param dropout           end-to-end fine-tuning only: probability of zeroing a hidden unit in training
 * @param seed              initial weights, batch order and augmentation
 * @param featurePooling    how each encoder's output maps become features ({@link FeaturePooling}); files written
 *                          before the setting existed read as none
 * @param votingHeads       K of the controls that vote over heads with different seeds ({@link Method#CONTROLS}): heads with
 *                          the seeds {@code seed .. seed+K-1}; 0 = not set (as many as the run has members, which
 *                          {@code classify} fills in). Files written before the setting existed read as 0.
 * @param labelsPerClass    a label budget ({@link LabelBudget}): the classifiers see only this many labelled training images
 *                          of each class, drawn with {@code seed}, a share of them held out for validation; 0 = every label of
 *                          the training and validation splits. Files written before the setting existed read as 0.
 * @param labelsInAll       a label budget in all ({@link LabelBudget.Scope#IN_ALL}): only this many labelled training images,
 *                          shared among the classes in their proportions, at least two each; 0 = every label. At most one of the two
 *                          budgets is set. Files written before the setting existed read as 0.
 * @param fineTuneAugmentation whether end-to-end fine-tuning ({@link #forFineTuning}) moves and turns its training images;
 *                          files written before the setting existed read as {@link FineTuneAugmentation#SHIFT_AND_TURN}
 */
public record ClassifierOptions(int hidden, double pcaVariance, float learningRate, int batchSize, int maxEpochs, int patience,
        int learningRateDrops, double maxShift, double maxDegrees, float dropout, long seed, FeaturePooling featurePooling,
        int votingHeads, int labelsPerClass, int labelsInAll, FineTuneAugmentation fineTuneAugmentation) {

    /** What the step size is divided by at each drop. */
    public static final float DROP_FACTOR = 5f;

    public ClassifierOptions {
        InvalidSettingException.require(hidden >= 0, "hidden", "must be >= 0", hidden);
        InvalidSettingException.require(pcaVariance >= 0 && pcaVariance < 1, "pcaVariance", "must be in [0, 1)", pcaVariance);
        InvalidSettingException.require(learningRate > 0, "learningRate", "must be > 0", learningRate);
        InvalidSettingException.require(batchSize >= 1, "batchSize", "must be >= 1", batchSize);
        InvalidSettingException.require(maxEpochs >= 1, "maxEpochs", "must be >= 1", maxEpochs);
        InvalidSettingException.require(patience >= 1, "patience", "must be >= 1", patience);
        InvalidSettingException.require(learningRateDrops >= 0, "learningRateDrops", "must be >= 0", learningRateDrops);
        InvalidSettingException.require(maxShift >= 0, "maxShift", "must be >= 0", maxShift);
        InvalidSettingException.require(maxDegrees >= 0, "maxDegrees", "must be >= 0", maxDegrees);
        InvalidSettingException.require(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1)", dropout);
        InvalidSettingException.require(votingHeads >= 0, "votingHeads", "must be >= 0", votingHeads);
        LabelBudget.requireBudgetOrZero(LabelBudget.Scope.PER_CLASS, labelsPerClass);
        LabelBudget.requireBudgetOrZero(LabelBudget.Scope.IN_ALL, labelsInAll);
        if (labelsPerClass > 0 && labelsInAll > 0) {
            throw new InvalidSettingException(java.util.List.of("labelsPerClass", "labelsInAll"), "labelsPerClass (" + labelsPerClass + ") and labelsInAll (" + labelsInAll
                    + ") are two label budgets; set one");
        }
        if (featurePooling == null) {
            featurePooling = FeaturePooling.NONE;
        }
        if (fineTuneAugmentation == null) {
            fineTuneAugmentation = FineTuneAugmentation.SHIFT_AND_TURN;
        }
    }

    /** Settings whose heads read every activation as it is ({@link FeaturePooling#NONE}). */
    public ClassifierOptions(int hidden, double pcaVariance, float learningRate, int batchSize, int maxEpochs, int patience,
            int learningRateDrops, double maxShift, double maxDegrees, float dropout, long seed) {
        this(hidden, pcaVariance, learningRate, batchSize, maxEpochs, patience, learningRateDrops, maxShift, maxDegrees, dropout, seed,
                FeaturePooling.NONE, 0, 0, 0, FineTuneAugmentation.SHIFT_AND_TURN);
    }

    /**
     * An MLP with 256 hidden units on the principal components that keep 99 % of each encoder's variance,
     * Adam 2e-3, batch 200, up to 60 epochs, patience 3, one step-size drop. Batches of 200 at twice the
     * step size take half the steps of batches of 100 at 1e-3 for the same accuracy within 0.2 points on
     * MNIST small; the principal components made every method more accurate there and the classifier
     * phase about 2.4 times faster. Patience 3 with one drop trains about half the epochs of patience 5
     * with two, within 0.15 points on every method over five MNIST-small ensembles, and the stacked head
     * kept the same epoch in all of them (see docs/BENCHMARKS.md).
     */
    public static ClassifierOptions defaults(long seed) {
        return new ClassifierOptions(256, 0.99, 2e-3f, 200, 60, 3, 1, 0, 0, 0f, seed, FeaturePooling.NONE, 0, 0, 0,
                FineTuneAugmentation.SHIFT_AND_TURN);
    }

    /**
     * The settings in words, for reports: the head, what it reads, the optimiser, the stopping rule and, when
     * fine-tuning, the augmentation and dropout (not the seed).
     */
    public String describe() {
        StringBuilder s = new StringBuilder(hidden > 0 ? "MLP (" + hidden + " hidden, ReLU)" : "logistic regression");
        s.append(featurePooling.pools() ? " on each filter's map averaged over " + (featurePooling.grid() == 1 ? "the whole map"
                : "a " + featurePooling.grid() + "x" + featurePooling.grid() + " grid") + "," : "");
        s.append(pcaVariance > 0 ? " on the principal components that keep " + percent(pcaVariance) + " of the variance" : " on every activation");
        s.append(", Adam ").append(learningRate).append(", batch ").append(batchSize);
        s.append(", early stop on validation accuracy (patience ").append(patience).append(", max ").append(maxEpochs).append(" epochs");
        if (learningRateDrops > 0) {
            s.append(", the step size divided by ").append(Math.round(DROP_FACTOR))
                    .append(learningRateDrops == 1 ? " once" : " up to " + learningRateDrops + " times");
        }
        s.append(')');
        if (maxShift > 0 || maxDegrees > 0) {
            s.append(", images moved by up to ").append(maxShift).append(" px and turned by up to ").append(maxDegrees).append(" degrees");
        }
        if (dropout > 0) {
            s.append(", dropout ").append(dropout);
        }
        labelBudget().ifPresent(budget -> s.append(", ").append(budget.describe()));
        return s.toString();
    }

    private static String percent(double fraction) {
        return java.math.BigDecimal.valueOf(100 * fraction).stripTrailingZeros().toPlainString() + " %";
    }

    /** A copy with another hidden-layer size. */
    public ClassifierOptions withHidden(int units) {
        return copy(c -> c.hidden = units);
    }

    /** A copy that trains heads on the principal components keeping {@code fraction} of the variance (0 = every feature). */
    public ClassifierOptions withPcaVariance(double fraction) {
        return copy(c -> c.pcaVariance = fraction);
    }

    /** A copy with Adam's step size {@code rate}. */
    public ClassifierOptions withLearningRate(float rate) {
        return copy(c -> c.learningRate = rate);
    }

    /** A copy with {@code examples} per batch. */
    public ClassifierOptions withBatchSize(int examples) {
        return copy(c -> c.batchSize = examples);
    }

    /** A copy with the epoch cap {@code epochs}. */
    public ClassifierOptions withMaxEpochs(int epochs) {
        return copy(c -> c.maxEpochs = epochs);
    }

    /** A copy that waits {@code epochs} epochs without a better validation accuracy. */
    public ClassifierOptions withPatience(int epochs) {
        return copy(c -> c.patience = epochs);
    }

    /** A copy that may divide the step size {@code drops} times. */
    public ClassifierOptions withLearningRateDrops(int drops) {
        return copy(c -> c.learningRateDrops = drops);
    }

    /** A copy whose heads read each encoder's maps pooled by {@code pooling}. */
    public ClassifierOptions withFeaturePooling(FeaturePooling pooling) {
        return copy(c -> c.featurePooling = pooling);
    }

    /** A copy with another seed for initial weights, batch order and augmentation. */
    public ClassifierOptions withSeed(long value) {
        return copy(c -> c.seed = value);
    }

    /** A copy whose seed controls vote over {@code heads} heads (0 = as many as the run has members). */
    public ClassifierOptions withVotingHeads(int heads) {
        return copy(c -> c.votingHeads = heads);
    }

    /** A copy whose classifiers see only {@code perClass} labelled training images of each class (0 = every label). */
    public ClassifierOptions withLabelsPerClass(int perClass) {
        return copy(c -> c.labelsPerClass = perClass);
    }

    /** A copy whose classifiers see only {@code labels} labelled training images in all, in the classes' proportions (0 = every label). */
    public ClassifierOptions withLabelsInAll(int labels) {
        return copy(c -> c.labelsInAll = labels);
    }

    /** The label budget these settings ask for, drawn with their seed; empty when the classifiers see every label. */
    public java.util.Optional<LabelBudget> labelBudget() {
        if (labelsPerClass > 0) {
            return java.util.Optional.of(new LabelBudget(labelsPerClass, seed));
        }
        return labelsInAll > 0 ? java.util.Optional.of(LabelBudget.inAll(labelsInAll, seed)) : java.util.Optional.empty();
    }

    /** These settings with K filled in where not set: {@code members} heads. */
    public ClassifierOptions withVotingHeadsDefault(int members) {
        return votingHeads > 0 ? this : withVotingHeads(members);
    }

    /** A copy whose end-to-end fine-tuning moves and turns its training images, or leaves them as they are. */
    public ClassifierOptions withFineTuneAugmentation(FineTuneAugmentation augmentation) {
        return copy(c -> c.fineTuneAugmentation = augmentation);
    }

    /**
     * Settings for end-to-end fine-tuning: Adam 1e-3 on batches of 100, dropout 0.5 on the hidden units, and two drops of the
     * step size after 5 epochs without progress each, with {@link #fineTuneAugmentation}'s images (by default turned by up to 10
     * degrees and moved by up to 2 pixels); the head reads every feature (the encoder changes, so its principal components
     * would too). The encoder sees every training image anew each epoch and fits the few thousand labels of a small set
     * without these; see the README for what each adds.
     */
    public ClassifierOptions forFineTuning() {
        boolean moved = fineTuneAugmentation == FineTuneAugmentation.SHIFT_AND_TURN;
        return copy(c -> {
            c.pcaVariance = 0;
            c.learningRate = 1e-3f;
            c.batchSize = 100;
            c.patience = 5;
            c.learningRateDrops = 2;
            c.maxShift = moved ? 2 : 0;
            c.maxDegrees = moved ? 10 : 0;
            c.dropout = 0.5f;
        });
    }

    /** A copy with the changes {@code change} makes to the settings' values; the one place that lists every component. */
    private ClassifierOptions copy(java.util.function.Consumer<Values> change) {
        Values c = new Values(this);
        change.accept(c);
        return new ClassifierOptions(c.hidden, c.pcaVariance, c.learningRate, c.batchSize, c.maxEpochs, c.patience, c.learningRateDrops,
                c.maxShift, c.maxDegrees, c.dropout, c.seed, c.featurePooling, c.votingHeads, c.labelsPerClass, c.labelsInAll,
                c.fineTuneAugmentation);
    }

    /** The settings' values, open to change, for {@link #copy}. */
    private static final class Values {
        int hidden;
        double pcaVariance;
        float learningRate;
        int batchSize;
        int maxEpochs;
        int patience;
        int learningRateDrops;
        double maxShift;
        double maxDegrees;
        float dropout;
        long seed;
        FeaturePooling featurePooling;
        int votingHeads;
        int labelsPerClass;
        int labelsInAll;
        FineTuneAugmentation fineTuneAugmentation;

        Values(ClassifierOptions o) {
            hidden = o.hidden;
            pcaVariance = o.pcaVariance;
            learningRate = o.learningRate;
            batchSize = o.batchSize;
            maxEpochs = o.maxEpochs;
            patience = o.patience;
            learningRateDrops = o.learningRateDrops;
            maxShift = o.maxShift;
            maxDegrees = o.maxDegrees;
            dropout = o.dropout;
            seed = o.seed;
            featurePooling = o.featurePooling;
            votingHeads = o.votingHeads;
            labelsPerClass = o.labelsPerClass;
            labelsInAll = o.labelsInAll;
            fineTuneAugmentation = o.fineTuneAugmentation;
        }
    }
}

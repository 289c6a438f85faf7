package org.eagerae.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eagerae.InvalidInputException;
import org.eagerae.data.ImageDataset;
import org.eagerae.data.Splits;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;

/**
 * Trains one autoencoder (a member) epoch by epoch: Adam on the per-pixel squared error, a
 * shuffled order of its own each epoch, the validation loss after each epoch, a checkpoint and a
 * metrics row after each epoch, and the stopping rule. Resumes from the member folder's last
 * complete checkpoint, with the same numbers as an uninterrupted run.
 *
 * <p>Everything random derives from the member's seed, so results do not depend on which
 * process or thread trains the member.
 */
public final class MemberTrainer {

    private static final int EVAL_BATCH = 500;

    private final CaeSpec spec;
    private final TrainingOptions options;
    private final StuckMemberRule stuckRule;
    private final double secondsBefore;
    private final ValidationTap tap;

    /** A trainer that never gives up on a member. */
    public MemberTrainer(CaeSpec spec, TrainingOptions options) {
        this(spec, options, null, 0, null);
    }

    private MemberTrainer(CaeSpec spec, TrainingOptions options, StuckMemberRule stuckRule, double secondsBefore, ValidationTap tap) {
        this.spec = spec;
        this.options = options;
        this.stuckRule = stuckRule;
        this.secondsBefore = secondsBefore;
        this.tap = tap;
    }

    /** This trainer, handing {@code tap} the encoder's activations of its validation pass after every epoch (and of the initial weights). */
    public MemberTrainer withValidationTap(ValidationTap tap) {
        return new MemberTrainer(spec, options, stuckRule, secondsBefore, tap);
    }

    /**
     * This trainer for a fresh attempt at a member: it stops, with an outcome marked stuck, after an epoch
     * where {@code rule} finds the member stuck; and the attempt's clock starts at {@code secondsBefore},
     * the training time the member's earlier attempts took, so that budgets count it.
     */
    public MemberTrainer attempt(StuckMemberRule rule, double secondsBefore) {
        return new MemberTrainer(spec, options, rule, secondsBefore, tap);
    }

    /**
     * Trains (or resumes) a member.
     *
     * @param member    member index, used in records
     * @param seed      the member's seed: initial weights and batch order
     * @param train     training images
     * @param val       validation images
     * @param folder    the member's files (checkpoints and its own metrics.csv), resumed from where they stand
     * @param listener  progress callbacks
     */
    public MemberOutcome train(int member, long seed, ImageDataset train, ImageDataset val, MemberFolder folder, EpochListener listener) {
        return train(member, seed, train, val, folder, listener, options.maxEpochs());
    }

    /**
     * Trains (or resumes) a member up to epoch {@code untilEpoch} at most, then pauses: the member's
     * state is all in its folder (the last checkpoint holds the weights and Adam's state, and each
     * epoch's batch order depends on the seed and the epoch alone), so a later call, in this process
     * or another, continues with the numbers of an uninterrupted run. This is how members take turns
     * on the workers ({@code org.eagerae.ensemble.Lockstep}).
     *
     * @param untilEpoch the last epoch this call trains; the stopping rule and the epoch cap may end it earlier
     * @return the outcome: finished or stuck (with a reason), or paused at {@code untilEpoch}
     */
    public MemberOutcome train(int member, long seed, ImageDataset train, ImageDataset val, MemberFolder folder, EpochListener listener,
            int untilEpoch) {
        if (untilEpoch < 1) {
            throw new IllegalArgumentException("untilEpoch must be >= 1, got " + untilEpoch);
        }
        checkShape(train, "training");
        checkShape(val, "validation");
        MemberFolder.Resume resume = folder.recover(listener::onWarning);
        List<EpochRecord> history = new ArrayList<>(resume.epochs());
        try (NDManager manager = NDManager.newBaseManager();
                Cae cae = Cae.create(spec, manager, seed)) {
            Adam adam = new Adam(cae.parameters(), cae.manager(), options.learningRate());
            if (resume.checkpoint().isPresent()) {
                Checkpoint cp = resume.checkpoint().get();
                cp.loadWeightsInto(cae);
                adam.restore(cp.adamSteps(), cp.means(), cp.variances());
                Optional<MemberOutcome> done = ending(member, seed, history, untilEpoch);
                if (done.isPresent()) {
                    return done.get();
                }
            }
            int batches = (train.size() + options.batchSize() - 1) / options.batchSize();
            listener.onStart(member, history.size() + 1, options.maxEpochs(), batches);
            Checkpoint untapped = null; // the initial weights, for the tap once the first epoch has warmed the engine up
            if (history.isEmpty()) {
                Checkpoint initial = Checkpoint.capture(0, cae, adam);
                folder.recordInitialWeights(initial); // epoch 0: the untrained encoder, a baseline
                untapped = tap == null ? null : initial;
            }
            while (true) {
                int epoch = history.size() + 1;
                long start = System.nanoTime();
                double trainLoss = trainEpoch(cae, adam, train, member, seed, epoch, listener);
                ValidationPass pass = validationPass(cae, val, true, tap == null ? 0 : tap.images());
                double valLoss = pass.loss();
                double seconds = (System.nanoTime() - start) / 1e9;
                if (tap != null) {
                    pass.tap(tap, epoch, 0); // its work is the tap's, not the epoch's
                }
                if (untapped != null) {
                    tapInitialWeights(untapped, val);
                    untapped = null;
                }
                if (!Double.isFinite(valLoss)) {
                    throw new TrainingFailedException("member " + member + ": validation loss is " + valLoss + " at epoch " + epoch);
                }
                double elapsed = (history.isEmpty() ? secondsBefore : history.get(history.size() - 1).elapsedSeconds()) + seconds;
                EpochRecord record = new EpochRecord(member, epoch, trainLoss, valLoss, seconds, elapsed);
                folder.record(record, Checkpoint.capture(epoch, cae, adam));
                history.add(record);
                listener.onEpoch(record);
                Optional<MemberOutcome> done = ending(member, seed, history, untilEpoch);
                if (done.isPresent()) {
                    return done.get();
                }
            }
        }
    }

    /**
     * How this call ends after the latest epoch, if it does: the member is stuck, its stopping rule
     * or the epoch cap says so, or it has reached {@code untilEpoch} and pauses.
     */
    private Optional<MemberOutcome> ending(int member, long seed, List<EpochRecord> history, int untilEpoch) {
        int best = StoppingRule.bestEpoch(history, 0);
        Optional<String> stuck = stuckRule == null ? Optional.empty() : stuckRule.stuck(history);
        if (stuck.isPresent()) {
            return Optional.of(new MemberOutcome(member, seed, history, stuck, best, true));
        }
        Optional<String> reason = options.stop().stopReason(history);
        if (reason.isEmpty() && history.size() >= options.maxEpochs()) {
            reason = Optional.of("max epochs: " + options.maxEpochs());
        }
        if (reason.isPresent() || history.size() >= untilEpoch) {
            return Optional.of(new MemberOutcome(member, seed, history, reason, best, false));
        }
        return Optional.empty();
    }

    private double trainEpoch(Cae cae, Adam adam, ImageDataset train, int member, long seed, int epoch, EpochListener listener) {
        int[] order = shuffledOrder(train.size(), seed, epoch);
        int batchSize = options.batchSize();
        int batches = (order.length + batchSize - 1) / batchSize;
        double sum = 0;
        Engine engine = Engine.getInstance();
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            int n = Math.min(batchSize, order.length - from);
            double loss;
            try (NDManager scratch = cae.manager().newSubManager()) {
                NDArray x = batch(scratch, train, order, from, n);
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray l = cae.reconstruct(x, true).sub(x).square().mean();
                    collector.backward(l);
                    loss = l.getFloat();
                }
                adam.step();
            }
            if (!Double.isFinite(loss)) {
                throw new TrainingFailedException("member " + member + ": training loss is " + loss
                        + " at epoch " + epoch + ", batch " + (b + 1));
            }
            sum += loss * n;
            listener.onBatch(member, epoch, b + 1, batches, loss);
        }
        return sum / order.length;
    }

    /**
     * Hands the tap the encoder's activations of the initial weights (epoch 0), from a model of their own: after the
     * first epoch rather than before it, so that the engine's first use in this process (loading kernels, allocating
     * memory) is the training's, and the tap's seconds are the encoder pass it adds.
     */
    private void tapInitialWeights(Checkpoint initial, ImageDataset val) {
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager(); Cae untrained = Cae.create(spec, manager, 0)) {
            initial.loadWeightsInto(untrained);
            ValidationPass pass = validationPass(untrained, val, false, tap.images());
            pass.tap(tap, 0, (System.nanoTime() - start) / 1e9);
        }
    }

    /** A validation pass: its loss (NaN when only the encoder ran) and the encoder's activations of the first images a tap wants. */
    private record ValidationPass(double loss, float[] activations, int rows, int cols) {
        void tap(ValidationTap tap, int epoch, double seconds) {
            tap.accept(epoch, activations, rows, cols, seconds);
        }
    }

    /**
     * A validation pass, in batches of {@value #EVAL_BATCH} from the first image: the mean per-pixel squared reconstruction
     * error when {@code decode} (otherwise NaN: only the encoder runs, on the images wanted), and the encoder's activations
     * of the first {@code wanted} images (all when there are fewer; none for 0), the values {@link Cae#encode} gives of them.
     */
    private static ValidationPass validationPass(Cae cae, ImageDataset data, boolean decode, int wanted) {
        int rows = Math.min(wanted, data.size());
        int[] order = new int[data.size()];
        Arrays.setAll(order, i -> i);
        float[] activations = new float[0];
        int cols = 0;
        double sum = 0;
        for (int from = 0; from < order.length && (decode || from < rows); from += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, order.length - from);
            try (NDManager scratch = cae.manager().newSubManager()) {
                NDArray x = batch(scratch, data, order, from, n);
                NDArray maps = cae.encodeMaps(x);
                if (from < rows) {
                    float[] values = maps.reshape(n, -1).toFloatArray();
                    cols = values.length / n;
                    if (activations.length == 0) {
                        activations = new float[rows * cols];
                    }
                    System.arraycopy(values, 0, activations, from * cols, Math.min(n, rows - from) * cols);
                }
                if (decode) {
                    sum += cae.decode(maps).sub(x).square().sum().getFloat();
                }
            }
        }
        return new ValidationPass(decode ? sum / ((double) data.size() * data.imageSize()) : Double.NaN, activations, rows, cols);
    }

    /** Mean per-pixel squared reconstruction error of a model on a dataset. */
    public static double meanSquaredError(Cae cae, ImageDataset data) {
        return validationPass(cae, data, true, 0).loss();
    }

    /** A batch of images, in the given order, as an {@code (n, C, H, W)} array. */
    public static NDArray batch(NDManager manager, ImageDataset data, int[] order, int from, int n) {
        int per = data.imageSize();
        float[] values = new float[n * per];
        float[] pixels = data.pixels();
        for (int i = 0; i < n; i++) {
            System.arraycopy(pixels, order[from + i] * per, values, i * per, per);
        }
        return manager.create(values, new Shape(n, data.channels(), data.height(), data.width()));
    }

    /** The epoch's batch order: a permutation seeded by the member's seed and the epoch. */
    static int[] shuffledOrder(int size, long seed, int epoch) {
        return Splits.permutation(size, seed * 0x9E3779B97F4A7C15L + epoch);
    }

    private void checkShape(ImageDataset data, String what) {
        if (data.channels() != spec.channels() || data.height() != spec.height() || data.width() != spec.width()) {
            throw new InvalidInputException("the " + what + " images are " + data.channels() + "x" + data.height() + "x"
                    + data.width() + " but the model expects " + spec.channels() + "x" + spec.height() + "x" + spec.width());
        }
        if (data.size() == 0) {
            throw new InvalidInputException("the " + what + " split is empty");
        }
    }
}

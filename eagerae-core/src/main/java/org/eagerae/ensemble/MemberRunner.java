package org.eagerae.ensemble;

import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eagerae.classify.FeatureMatrix;
import org.eagerae.classify.ValidationProbe;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;
import org.eagerae.data.Splits;
import org.eagerae.train.ConstantOutputLoss;
import org.eagerae.train.EpochListener;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.MemberFolder;
import org.eagerae.train.MemberOutcome;
import org.eagerae.train.MemberTrainer;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.StuckMemberRule;
import org.eagerae.train.TrainingOptions;
import org.eagerae.train.ValidationTap;

/**
 * Trains member jobs of one run in the current JVM, on data loaded once. Shared by the inline
 * backend and by worker processes (and by any backend that trains a member in a JVM of its own),
 * so all do exactly the same thing.
 */
public final class MemberRunner {

    /** Mixed into a member's seed to draw its bootstrap sample independently of its weights. */
    private static final long BOOTSTRAP_STREAM = 0x5DEECE66DL;

    private final RunSpec spec;
    private final DataSplit data;
    private final ValidationProbe probe;
    private final String heapSetting;

    /**
     * @param spec        the run's settings
     * @param data        the run's data, loaded
     * @param heapSetting how the user gives this JVM more heap (named when the heap runs out),
     *                    e.g. {@code EAGERAE_JAVA_OPTS=-Xmx8g}
     */
    public MemberRunner(RunSpec spec, DataSplit data, String heapSetting) {
        this.spec = spec;
        this.data = spec.autoencoderData(data); // with the run's unlabelled images, if any
        // the eager stop's probe scores the first labelled validation images, which come first in the autoencoders' too
        this.probe = spec.training().stop() instanceof StoppingRule.Auto auto
                ? new ValidationProbe(spec.model(), data.validation(), auto.probeImages()) : null;
        this.heapSetting = heapSetting;
    }

    /**
     * Trains (or resumes) one member; a failure becomes a failed status, never an exception. With
     * {@link TrainingOptions#restartStuck()}, an attempt the {@link StuckMemberRule} finds stuck is set
     * aside ({@link RunDirectory#setAsideStuckAttempt}) and the member starts again from the next seed of
     * the run's stream ({@link RunSpec#memberSeed(int, int)}), its clock going on from the attempts before;
     * a resumed member continues its latest attempt.
     */
    public MemberStatus train(RunDirectory run, MemberJob job, EpochListener listener) {
        return train(run, job, spec.training().maxEpochs(), listener);
    }

    /**
     * As {@link #train(RunDirectory, MemberJob, EpochListener)}, but up to epoch {@code untilEpoch} at
     * most: the status is finished, failed, or pending (paused there, with epochs left, for members
     * that take turns: {@link Lockstep}). An attempt started again after it was stuck trains to
     * {@code untilEpoch} too.
     */
    public MemberStatus train(RunDirectory run, MemberJob job, int untilEpoch, EpochListener listener) {
        try {
            ImageDataset train = spec.training().bootstrap()
                    ? Splits.bootstrap(data.train(), job.seed() ^ BOOTSTRAP_STREAM)
                    : data.train();
            int batches = (train.size() + spec.training().batchSize() - 1) / spec.training().batchSize();
            StuckMemberRule rule = StuckMemberRule.withDefaults(ConstantOutputLoss.of(data.validation()), batches);
            MemberTrainer trainer = new MemberTrainer(spec.model(), spec.training());
            while (true) {
                List<MemberFolder> setAside = run.stuckAttempts(job.member());
                int attempt = setAside.size();
                double secondsBefore = setAside.isEmpty() ? 0 : lastElapsed(setAside.get(attempt - 1));
                boolean mayRestart = spec.training().restartStuck() && attempt < StuckMemberRule.MAX_RESTARTS;
                long seed = spec.memberSeed(job.member(), attempt);
                MemberTrainer attemptTrainer = trainer.attempt(mayRestart ? rule : null, secondsBefore);
                if (probe != null) {
                    attemptTrainer = attemptTrainer.withValidationTap(probeTap(run.member(job.member())));
                }
                MemberOutcome outcome = attemptTrainer.train(job.member(), seed, train, data.validation(), run.member(job.member()), listener, untilEpoch);
                if (!outcome.stuck()) {
                    return MemberStatus.of(job, outcome, restarts(run, job.member(), rule));
                }
                run.setAsideStuckAttempt(job.member());
                listener.onRestart(job.member(), spec.memberSeed(job.member(), attempt + 1), outcome.stopReason().orElseThrow());
            }
        } catch (OutOfMemoryError e) {
            return MemberStatus.failed(job, 0, outOfHeap(job, heapSetting));
        } catch (RuntimeException e) {
            return MemberStatus.failed(job, 0, describe(e));
        }
    }

    /**
     * Scores each epoch's checkpoint with the eager stop's probe from the activations of the member's validation
     * pass, and writes them where the run's probe reads them ({@link MemberProbeFile}) before the epoch is recorded.
     */
    private ValidationTap probeTap(MemberFolder folder) {
        return new ValidationTap() {
            @Override
            public int images() {
                return probe.images();
            }

            @Override
            public void accept(int epoch, float[] activations, int rows, int cols, double seconds) {
                long start = System.nanoTime();
                ValidationProbe.MemberScores scores = probe.member(new FeatureMatrix(activations, rows, cols));
                MemberProbeFile.write(folder.probeScores(epoch), epoch, rows, scores, seconds + (System.nanoTime() - start) / 1e9);
            }
        };
    }

    /** The member's attempts set aside so far, as {@code run.json} records them. */
    private List<MemberStatus.Restart> restarts(RunDirectory run, int member, StuckMemberRule rule) {
        List<MemberStatus.Restart> out = new ArrayList<>();
        List<MemberFolder> attempts = run.stuckAttempts(member);
        for (int a = 0; a < attempts.size(); a++) {
            List<EpochRecord> epochs = attempts.get(a).epochs();
            EpochRecord last = epochs.get(epochs.size() - 1);
            out.add(new MemberStatus.Restart(spec.memberSeed(member, a), epochs.size(), last.valLoss(), last.elapsedSeconds(),
                    rule.stuck(epochs).orElse("stuck")));
        }
        return out;
    }

    private static double lastElapsed(MemberFolder attempt) {
        List<EpochRecord> epochs = attempt.epochs();
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).elapsedSeconds();
    }

    /** What ran out and what to change, when a member's training exhausts this JVM's heap. */
    public static String outOfHeap(MemberJob job, String heapSetting) {
        return String.format(Locale.ROOT, "out of Java heap (at most %d MiB in the JVM that trained it) while training member %d;"
                + " give it more with %s or use a smaller batch size", Runtime.getRuntime().maxMemory() >> 20, job.member(), heapSetting);
    }

    /** How {@link #outOfHeap} and {@link #describe} begin when a member ran out of memory. */
    private static final List<String> OUT_OF_MEMORY = List.of("out of Java heap", "out of native memory");

    /**
     * One line: the exception's type and message, then each cause's message that it does not already
     * say (a write that failed says why: {@code cannot write .../epoch-003.params: No space left on device});
     * or what ran out when the engine could not allocate memory.
     */
    public static String describe(Throwable e) {
        StringBuilder line = new StringBuilder(e.getClass().getSimpleName());
        String first = firstLine(e);
        if (!first.isEmpty()) {
            line.append(": ").append(first);
        }
        int depth = 0;
        for (Throwable t = e; t != null && depth < 10; t = t.getCause(), depth++) {
            String message = firstLine(t);
            if (message.contains("can't allocate memory") || message.contains("not enough memory")) {
                return "out of native memory (" + message + "); use a smaller batch size or fewer workers";
            }
            if (t != e) {
                String said = message.isEmpty() ? t.getClass().getSimpleName() : message;
                if (line.indexOf(said) < 0) {
                    line.append(": ").append(said);
                }
            }
        }
        return line.toString();
    }

    /** Whether a failed member's error (as {@link #describe} and {@link #outOfHeap} word it) says that it ran out of memory. */
    public static boolean isOutOfMemory(String error) {
        return error != null && OUT_OF_MEMORY.stream().anyMatch(error::startsWith);
    }

    private static String firstLine(Throwable t) {
        return t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("").strip();
    }
}

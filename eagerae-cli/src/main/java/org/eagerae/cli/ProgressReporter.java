package org.eagerae.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.train.ProbeRecord;
import org.eagerae.classify.ClassifierTask;
import org.eagerae.classify.PrincipalComponents;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunSpec;
import org.eagerae.train.EpochRecord;

/**
 * Shows the progress of training and of classifiers. On a terminal: one bar per member (epoch, batch,
 * loss, state) or classifier (epoch, validation accuracy), and an overall bar with the ETA. Otherwise
 * (a log file, CI): one plain line per finished epoch, member and classifier. Classifiers may report
 * from several threads at once.
 */
abstract class ProgressReporter implements EnsembleListener, ClassifierListener, AutoCloseable {

    /** The reporter that suits standard output for training: bars on a terminal, lines otherwise. */
    static ProgressReporter forConsole(RunSpec spec) {
        return System.console() != null ? new Bars(spec, System.out) : new Lines(spec.training().maxEpochs(), System.out);
    }

    /**
     * The reporter that suits standard output for classification: {@code classifiers} classifiers
     * of at most {@code maxEpochs} epochs each.
     */
    static ProgressReporter forClassifiers(int classifiers, int maxEpochs) {
        return System.console() != null ? new Bars(System.out, (long) classifiers * maxEpochs) : new Lines(0, System.out);
    }

    /**
     * The reporter for {@code classify --epoch best}: a line as each epoch is tried and one with its methods'
     * validation accuracies, whether on a terminal or not (bars of every classifier at every epoch would be many).
     */
    static ProgressReporter forCandidates() {
        return new Candidates(System.out);
    }

    /** Warnings go to standard error, one line each, whatever shows the progress. */
    @Override
    public void onWarning(String message) {
        System.err.println("eagerae: warning: " + message);
    }

    /**
     * The validation probe's scores of an epoch, one line on standard output whatever shows the progress:
     * {@code probe epoch 3: vote 96.80 % (best 96.80 % at epoch 3), members 94.10-95.60 %, 1000 val images, 0.7 s}.
     */
    @Override
    public void onProbe(ProbeRecord row, int images) {
        if (row.epoch() == 0 || best == null || row.voteAccuracy() > best.voteAccuracy()) {
            best = row;
        }
        double low = row.memberAccuracies().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double high = row.memberAccuracies().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        String members = row.memberAccuracies().size() == 1 ? "" : String.format(Locale.ROOT, ", members %.2f-%.2f %%", 100 * low, 100 * high);
        System.out.printf(Locale.ROOT, "probe epoch %d: vote %.2f %% (best %.2f %% at epoch %d)%s, %d val images, %.1f s%n", row.epoch(),
                100 * row.voteAccuracy(), 100 * best.voteAccuracy(), best.epoch(), members, images, row.probeSeconds());
    }

    /** The probe's best epoch so far, for its lines. */
    private ProbeRecord best;

    /** A restarted member is said on standard output, one line, whatever shows the progress. */
    @Override
    public void onRestart(int member, long seed, String reason) {
        System.out.printf("m%02d restarted from seed %d: %s%n", member, seed, reason);
    }

    /** A member retried on a cluster after a lost executor is said on standard output, one line, whatever shows the progress. */
    @Override
    public void onRetry(int member, int firstEpoch, String where) {
        System.out.printf("m%02d retried from epoch %d %s%n", member, firstEpoch, where);
    }

    @Override
    public void close() {}

    /** What a member's principal components keep, in a few words. */
    static String principalComponents(int member, PrincipalComponents c) {
        return String.format(Locale.ROOT, "m%02d: %d principal components of %d features keep %.1f%% of the variance", member,
                c.components(), c.features(), 100 * c.keptFraction());
    }

    /** Plain lines, for output that is not a terminal. */
    static final class Lines extends ProgressReporter {
        private final PrintStream out;
        private final int maxEpochs;

        /** @param maxEpochs the epoch cap to show, or 0 to show none */
        Lines(int maxEpochs, PrintStream out) {
            this.out = out;
            this.maxEpochs = maxEpochs;
        }

        @Override
        public void onEpoch(EpochRecord r) {
            out.printf("m%02d epoch %d%s  train %.5f  val %.5f  %.2f s%n", r.member(), r.epoch(),
                    maxEpochs > 0 ? "/" + maxEpochs : "", r.trainLoss(), r.valLoss(), r.epochSeconds());
        }

        @Override
        public void onMemberDone(MemberStatus s) {
            out.printf("m%02d %s%n", s.member(), s.isFailed() ? "FAILED: " + s.error() : "done: " + s.stopReason());
        }

        @Override
        public void onFeatures(int member, int members, int images) {
            out.printf("features m%02d (%d/%d): %d images%n", member, member + 1, members, images);
        }

        @Override
        public void onPrincipalComponents(int member, int members, PrincipalComponents components) {
            out.println(principalComponents(member, components));
        }

        @Override
        public void onClassifierEpoch(ClassifierTask task, int epoch, int maxEpochs, double valAccuracy) {
            out.printf(Locale.ROOT, "%s epoch %d/%d  val accuracy %.2f%%%n", task, epoch, maxEpochs, 100 * valAccuracy);
        }

        @Override
        public void onClassifierDone(ClassifierTask task, int epochs, double bestValAccuracy) {
            out.printf(Locale.ROOT, "%s done: %d epochs, best val accuracy %.2f%%%n", task, epochs, 100 * bestValAccuracy);
        }
    }

    /** A line per epoch tried by {@code classify --epoch best}: validation accuracies only, as the choice reads them. */
    static final class Candidates extends ProgressReporter {
        private final PrintStream out;

        Candidates(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onCandidateEpoch(int epoch, int index, int candidates) {
            out.printf("epoch %d (%d of %d): features and classifiers%s%n", epoch, index + 1, candidates,
                    epoch == 0 ? " on the untrained encoders" : "");
        }

        @Override
        public void onCandidateDone(int epoch, int index, int candidates, List<ClassificationResult> results, double seconds) {
            out.printf(Locale.ROOT, "epoch %d (%d of %d): validation accuracy %s; %.1f s%n", epoch, index + 1, candidates,
                    results.stream().map(r -> String.format(Locale.ROOT, "%s %.2f%%", r.method(), 100 * r.validationAccuracy()))
                            .collect(Collectors.joining(", ")), seconds);
        }
    }

    /** Progress bars, for a terminal. */
    static final class Bars extends ProgressReporter {
        private final PrintStream out;
        private final Map<String, ProgressBar> bars = new HashMap<>();
        private final ProgressBar overall;

        /** Bars for training a run: the overall bar counts every member's batches. */
        Bars(RunSpec spec, PrintStream out) {
            this(out, spec.members() > 1 ? (long) spec.members() * spec.training().maxEpochs() * batchesPerEpoch(spec) : 0);
        }

        /** Bars with an overall bar of {@code overallSteps} steps (none when 0). */
        Bars(PrintStream out, long overallSteps) {
            this.out = out;
            this.overall = overallSteps > 0 ? bar("all", overallSteps) : null;
        }

        private static int batchesPerEpoch(RunSpec spec) {
            int batchSize = spec.training().batchSize();
            return (spec.data().trainSize() + batchSize - 1) / batchSize;
        }

        private ProgressBar bar(String name, long max) {
            return new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(max)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new InteractiveConsoleProgressBarConsumer(out))
                    .build();
        }

        private static String name(int member) {
            return String.format("m%02d", member);
        }

        /** Moves a bar, and the overall bar with it, by {@code steps}. */
        private void step(ProgressBar b, long steps) {
            b.stepBy(steps);
            if (overall != null) {
                overall.stepBy(steps);
            }
        }

        /** Ends a bar where it stands, with a last message; the overall bar no longer waits for the steps it did not take. */
        private void finish(ProgressBar b, String message) {
            long unused = b.getMax() - b.getCurrent();
            b.setExtraMessage(message);
            b.maxHint(b.getCurrent());
            if (overall != null) {
                overall.maxHint(overall.getMax() - unused);
            }
            b.close();
        }

        @Override
        public synchronized void onStart(int member, int firstEpoch, int maxEpochs, int batches) {
            // called at every turn of a member (members take turns on the workers); only a resumed member's first call moves the bars
            ProgressBar b = bars.computeIfAbsent(name(member), m -> bar(m, (long) maxEpochs * batches));
            long skipped = (long) (firstEpoch - 1) * batches - b.getCurrent();
            if (skipped > 0) {
                step(b, skipped);
            }
        }

        @Override
        public synchronized void onBatch(int member, int epoch, int batch, int batches, double loss) {
            ProgressBar b = bars.get(name(member));
            if (b != null) {
                b.setExtraMessage(String.format("epoch %d batch %d/%d loss %.5f", epoch, batch, batches, loss));
                b.step();
            }
            if (overall != null) {
                overall.step();
            }
        }

        @Override
        public synchronized void onEpoch(EpochRecord r) {
            ProgressBar b = bars.get(name(r.member()));
            if (b != null) {
                b.setExtraMessage(String.format("epoch %d val %.5f", r.epoch(), r.valLoss()));
            }
        }

        @Override
        public synchronized void onMemberDone(MemberStatus s) {
            ProgressBar b = bars.get(name(s.member()));
            if (b != null) {
                finish(b, s.isFailed() ? "FAILED" : "done, val " + String.format("%.5f", s.finalValLoss()));
            }
        }

        @Override
        public synchronized void onFeatures(int member, int members, int images) {
            ProgressBar b = bars.computeIfAbsent("features", m -> bar(m, members));
            b.setExtraMessage(String.format("m%02d: %d images", member, images));
            b.step(); // members' extractions may overlap and end in any order
            if (b.getCurrent() == members) {
                b.close();
            }
        }

        @Override
        public synchronized void onPrincipalComponents(int member, int members, PrincipalComponents components) {
            ProgressBar b = bars.computeIfAbsent("components", n -> bar(n, members));
            b.setExtraMessage(principalComponents(member, components));
            b.step();
            if (b.getCurrent() == members) {
                b.close();
            }
        }

        @Override
        public synchronized void onClassifierStart(ClassifierTask task, int maxEpochs) {
            bars.computeIfAbsent(task.toString(), t -> bar(t, maxEpochs));
        }

        @Override
        public synchronized void onClassifierEpoch(ClassifierTask task, int epoch, int maxEpochs, double valAccuracy) {
            ProgressBar b = bars.get(task.toString());
            if (b != null) {
                b.setExtraMessage(String.format(Locale.ROOT, "epoch %d val accuracy %.2f%%", epoch, 100 * valAccuracy));
                step(b, 1);
            }
        }

        @Override
        public synchronized void onClassifierDone(ClassifierTask task, int epochs, double bestValAccuracy) {
            ProgressBar b = bars.get(task.toString());
            if (b != null) {
                finish(b, String.format(Locale.ROOT, "done: %d epochs, best val accuracy %.2f%%", epochs, 100 * bestValAccuracy));
            }
        }

        @Override
        public synchronized void close() {
            bars.values().forEach(ProgressBar::close);
            if (overall != null) {
                overall.close();
            }
        }
    }
}

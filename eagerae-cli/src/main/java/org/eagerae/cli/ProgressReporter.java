package org.eagerae.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.MemberStatus;
import org.eagerae.ensemble.RunSpec;
import org.eagerae.train.EpochRecord;

/**
 * Shows training progress. On a terminal: one bar per member (epoch, batch, loss, state) and an
 * overall bar with the ETA. Otherwise (a log file, CI): one plain line per finished epoch and member.
 */
abstract class ProgressReporter implements EnsembleListener, AutoCloseable {

    /** The reporter that suits standard output: bars on a terminal, lines otherwise. */
    static ProgressReporter forConsole(RunSpec spec) {
        return System.console() != null ? new Bars(spec, System.out) : new Lines(spec.training().maxEpochs(), System.out);
    }

    /** Warnings go to standard error, one line each, whatever shows the progress. */
    @Override
    public void onWarning(String message) {
        System.err.println("eagerae: warning: " + message);
    }

    /** A restarted member is said on standard output, one line, whatever shows the progress. */
    @Override
    public void onRestart(int member, long seed, String reason) {
        System.out.printf("m%02d restarted from seed %d: %s%n", member, seed, reason);
    }

    @Override
    public void close() {}

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
    }

    /** Progress bars, for a terminal. */
    static final class Bars extends ProgressReporter {
        private final PrintStream out;
        private final Map<Integer, ProgressBar> members = new HashMap<>();
        private final ProgressBar overall;
        private final int batchesPerEpoch;

        Bars(RunSpec spec, PrintStream out) {
            this.out = out;
            int batchSize = spec.training().batchSize();
            this.batchesPerEpoch = (spec.data().trainSize() + batchSize - 1) / batchSize;
            this.overall = spec.members() > 1
                    ? bar("all", (long) spec.members() * spec.training().maxEpochs() * batchesPerEpoch)
                    : null;
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

        @Override
        public void onStart(int member, int firstEpoch, int maxEpochs, int batches) {
            ProgressBar b = members.computeIfAbsent(member, m -> bar(String.format("m%02d", m), (long) maxEpochs * batches));
            b.stepTo((long) (firstEpoch - 1) * batches);
            if (overall != null) {
                overall.stepBy((long) (firstEpoch - 1) * batches);
            }
        }

        @Override
        public void onBatch(int member, int epoch, int batch, int batches, double loss) {
            ProgressBar b = members.get(member);
            if (b != null) {
                b.step();
                b.setExtraMessage(String.format("epoch %d batch %d/%d loss %.5f", epoch, batch, batches, loss));
            }
            if (overall != null) {
                overall.step();
            }
        }

        @Override
        public void onEpoch(EpochRecord r) {
            ProgressBar b = members.get(r.member());
            if (b != null) {
                b.setExtraMessage(String.format("epoch %d val %.5f", r.epoch(), r.valLoss()));
            }
        }

        @Override
        public void onMemberDone(MemberStatus s) {
            ProgressBar b = members.get(s.member());
            if (b != null) {
                long unused = b.getMax() - b.getCurrent();
                b.setExtraMessage(s.isFailed() ? "FAILED" : "done, val " + String.format("%.5f", s.finalValLoss()));
                b.maxHint(b.getCurrent());
                if (overall != null) {
                    overall.maxHint(overall.getMax() - unused);
                }
                b.close();
            }
        }

        @Override
        public void close() {
            members.values().forEach(ProgressBar::close);
            if (overall != null) {
                overall.close();
            }
        }
    }
}

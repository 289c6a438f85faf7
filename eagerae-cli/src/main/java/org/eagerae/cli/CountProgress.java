package org.eagerae.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eagerae.predict.Progress;

/**
 * Shows how many images of a long input are done: a progress bar with the rate and ETA on a
 * terminal, otherwise a line at most every few seconds and one at the end.
 */
abstract class CountProgress implements Progress, AutoCloseable {

    /** Seconds between plain lines. */
    private static final double LINE_EVERY = 5;

    /** The reporter that suits standard output. */
    static CountProgress forConsole(String task, long total) {
        return System.console() != null ? new Bar(task, total, System.out) : new Lines(task, System.out);
    }

    @Override
    public void close() {}

    /** A progress bar, for a terminal. */
    static final class Bar extends CountProgress {
        private final ProgressBar bar;

        Bar(String task, long total, PrintStream out) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" images", 1).showSpeed()
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setConsumer(new InteractiveConsoleProgressBarConsumer(out)).build();
        }

        @Override
        public void update(long done, long total) {
            bar.stepTo(done);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** Plain lines, for output that is not a terminal. */
    static final class Lines extends CountProgress {
        private final String task;
        private final PrintStream out;
        private final long start = System.nanoTime();
        private long lastLine = start;

        Lines(String task, PrintStream out) {
            this.task = task;
            this.out = out;
        }

        @Override
        public void update(long done, long total) {
            long now = System.nanoTime();
            if (done == total || (now - lastLine) / 1e9 >= LINE_EVERY) {
                lastLine = now;
                double seconds = (now - start) / 1e9;
                out.printf(Locale.ROOT, "%s: %d/%d images, %.0f images/s%n", task, done, total, done / Math.max(seconds, 1e-9));
            }
        }
    }
}

package org.eagerae.ensemble;

import java.util.Locale;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;
import org.eagerae.data.Splits;
import org.eagerae.train.EpochListener;
import org.eagerae.train.MemberTrainer;

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
    private final String heapSetting;

    /**
     * @param spec        the run's settings
     * @param data        the run's data, loaded
     * @param heapSetting how the user gives this JVM more heap (named when the heap runs out),
     *                    e.g. {@code EAGERAE_JAVA_OPTS=-Xmx8g}
     */
    public MemberRunner(RunSpec spec, DataSplit data, String heapSetting) {
        this.spec = spec;
        this.data = data;
        this.heapSetting = heapSetting;
    }

    /** Trains (or resumes) one member; a failure becomes a failed status, never an exception. */
    public MemberStatus train(RunDirectory run, MemberJob job, EpochListener listener) {
        try {
            ImageDataset train = spec.training().bootstrap()
                    ? Splits.bootstrap(data.train(), job.seed() ^ BOOTSTRAP_STREAM)
                    : data.train();
            return MemberStatus.finished(job, new MemberTrainer(spec.model(), spec.training())
                    .train(job.member(), job.seed(), train, data.validation(), run.member(job.member()), listener));
        } catch (OutOfMemoryError e) {
            return MemberStatus.failed(job, 0, outOfHeap(job, heapSetting));
        } catch (RuntimeException e) {
            return MemberStatus.failed(job, 0, describe(e));
        }
    }

    /** What ran out and what to change, when a member's training exhausts this JVM's heap. */
    static String outOfHeap(MemberJob job, String heapSetting) {
        return String.format(Locale.ROOT, "out of Java heap (at most %d MiB in this JVM) while training member %d; give it more with %s"
                + " or use a smaller --batch-size", Runtime.getRuntime().maxMemory() >> 20, job.member(), heapSetting);
    }

    /** One line: the exception's type and message, or what ran out when the engine could not allocate memory. */
    static String describe(Throwable e) {
        String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        if (first.contains("can't allocate memory") || first.contains("not enough memory")) {
            return "out of native memory (" + first + "); use a smaller --batch-size or fewer --workers";
        }
        return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }
}

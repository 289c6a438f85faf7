package org.eagerae.ensemble;

import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;
import org.eagerae.data.Splits;
import org.eagerae.train.EpochListener;
import org.eagerae.train.MemberOutcome;
import org.eagerae.train.MemberTrainer;

/**
 * Trains member jobs of one run in the current JVM, on data loaded once. Shared by the inline
 * backend and by worker processes, so both do exactly the same thing.
 */
final class MemberRunner {

    /** Mixed into a member's seed to draw its bootstrap sample independently of its weights. */
    private static final long BOOTSTRAP_STREAM = 0x5DEECE66DL;

    private final RunConfig config;
    private final DataSplit data;

    MemberRunner(RunConfig config, DataSplit data) {
        this.config = config;
        this.data = data;
    }

    /** Trains (or resumes) one member; a failure becomes a failed status, never an exception. */
    MemberStatus train(RunDirectory run, MemberJob job, EpochListener listener) {
        try {
            ImageDataset train = config.bootstrap()
                    ? Splits.bootstrap(data.train(), job.seed() ^ BOOTSTRAP_STREAM)
                    : data.train();
            MemberOutcome outcome = new MemberTrainer(config.spec(), config.trainingOptions())
                    .train(job.member(), job.seed(), train, data.validation(), run.memberDir(job.member()), listener);
            return new MemberStatus(job.member(), job.seed(), "finished", outcome.epochs(), outcome.stopReason(),
                    outcome.bestEpoch(), outcome.last().valLoss(), outcome.last().elapsedSeconds(), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            return MemberStatus.failed(job, 0, describe(e));
        }
    }

    /** One line: the exception's type and message. */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + message;
    }
}

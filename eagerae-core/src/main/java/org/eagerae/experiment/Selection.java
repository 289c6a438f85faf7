package org.eagerae.experiment;

import java.util.Arrays;

/**
 * How the ensemble's checkpoints behind a result were chosen, as written in {@code results.csv}.
 * The monolithic model's results are always by {@link #EPOCH}; the ensemble is also compared with it at
 * equal wall-clock time, in three ways; both models are also stopped by the probe ({@link #AUTO}).
 */
public enum Selection {

    /** Every member at the same epoch. */
    EPOCH("epoch", "every member at this epoch"),

    /**
     * The time the monolithic model took to reach its epoch, on this machine: the ensemble as it stood
     * that long into its training, with its members sharing the worker processes in turns (each
     * member's latest epoch that had ended by then on the run's clock, {@code schedule.csv}).
     */
    SHARED_WORKERS("budget", "equal wall-clock on this machine (members share the workers)"),

    /**
     * The paper's setting: one worker per member, so each member's own measured clock is held against the
     * monolithic model's time.
     */
    ONE_WORKER_PER_MEMBER("budget-per-member", "equal wall-clock with one worker per member (the paper's setting)"),

    /**
     * As {@link #SHARED_WORKERS}, but both sides' budgets include their classifiers' time (features and
     * training): the ensemble as it stood at the monolithic model's training plus classifier time minus the
     * time the ensemble's own classifiers take, as the paper picks "an older model" for the classifier's time.
     */
    WITH_CLASSIFIER("budget-with-classifier", "equal wall-clock including the classifiers' time (members share the workers)"),

    /**
     * Stopped by the probe: the eager stop ({@code --stop auto} with its defaults) replayed on the run's checkpoints gives a stop
     * epoch S, and the classifier's validation accuracy chooses the epoch among 0 to S (the row's epoch). For the ensemble,
     * the soft vote; for the monolithic model, its single classifier. The time is the run's clock at S plus the probe's seconds.
     */
    AUTO("auto", "stopped by the probe, the epoch chosen on validation");

    private final String token;
    private final String description;

    Selection(String token, String description) {
        this.token = token;
        this.description = description;
    }

    /** The word used in {@code results.csv}. */
    public String token() {
        return token;
    }

    /** What the selection means, for reports. */
    public String description() {
        return description;
    }

    /** Whether the ensemble's checkpoints were matched to the monolithic model's time. */
    public boolean isBudget() {
        return this != EPOCH && this != AUTO;
    }

    /** The selection written as {@code token}. */
    public static Selection ofToken(String token) {
        return Arrays.stream(values()).filter(s -> s.token.equals(token)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown selection '" + token + "'"));
    }
}

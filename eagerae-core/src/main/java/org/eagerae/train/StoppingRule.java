package org.eagerae.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eagerae.InvalidSettingException;

/**
 * Decides after each epoch whether a member stops. Every rule also stops at the run's maximum
 * number of epochs, which the trainer enforces.
 *
 * <p>Written on the command line as {@code none}, {@code epochs:N}, {@code time:SECONDS},
 * {@code plateau:REL}, {@code convergence} or {@code auto} (see {@link #parse}); stored in {@code run.json} as a
 * typed object, e.g. {@code {"rule": "convergence", "minDelta": 0.001, "patience": 3}}. {@link Auto} is the
 * one rule decided for the whole ensemble rather than per member.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "rule")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StoppingRule.None.class, name = "none"),
    @JsonSubTypes.Type(value = StoppingRule.FixedEpochs.class, name = "epochs"),
    @JsonSubTypes.Type(value = StoppingRule.TimeBudget.class, name = "time"),
    @JsonSubTypes.Type(value = StoppingRule.Plateau.class, name = "plateau"),
    @JsonSubTypes.Type(value = StoppingRule.Convergence.class, name = "convergence"),
    @JsonSubTypes.Type(value = StoppingRule.Auto.class, name = "auto")
})
public sealed interface StoppingRule {

    /** Epochs without a better probe vote before {@code auto} stops, when none is given. */
    int AUTO_PATIENCE = 2;


    /**
     * @param history the member's epochs so far, oldest first, never empty
     * @return why the member stops now, or empty to go on
     */
    Optional<String> stopReason(List<EpochRecord> history);

    /** The rule as written on the command line. */
    @JsonIgnore
    String spec();

    /** Never stops early: all epochs run. */
    record None() implements StoppingRule {
        @Override
        public Optional<String> stopReason(List<EpochRecord> history) {
            return Optional.empty();
        }

        @Override
        public String spec() {
            return "none";
        }
    }

    /** Stops after a fixed number of epochs. */
    record FixedEpochs(int epochs) implements StoppingRule {
        public FixedEpochs {
            if (epochs < 1) {
                throw new InvalidSettingException("stop", "stop epochs:N needs N >= 1, got " + epochs);
            }
        }

        @Override
        public Optional<String> stopReason(List<EpochRecord> history) {
            return history.size() >= epochs ? Optional.of("fixed: " + epochs + " epochs") : Optional.empty();
        }

        @Override
        public String spec() {
            return "epochs:" + epochs;
        }
    }

    /** Stops when another epoch as long as the last one would overrun a wall-clock budget. */
    record TimeBudget(double seconds) implements StoppingRule {
        public TimeBudget {
            if (!(seconds > 0)) {
                throw new InvalidSettingException("stop", "stop time:SECONDS needs a positive budget, got " + seconds);
            }
        }

        @Override
        public Optional<String> stopReason(List<EpochRecord> history) {
            EpochRecord last = history.get(history.size() - 1);
            return last.elapsedSeconds() + last.epochSeconds() > seconds
                    ? Optional.of(String.format(Locale.ROOT, "time: %.1f s used of %.1f s", last.elapsedSeconds(), seconds))
                    : Optional.empty();
        }

        @Override
        public String spec() {
            return "time:" + seconds;
        }
    }

    /** Stops at the first epoch whose relative validation improvement falls below {@code rel}. */
    record Plateau(double rel) implements StoppingRule {
        public Plateau {
            if (!(rel > 0 && rel < 1)) {
                throw new InvalidSettingException("stop", "stop plateau:REL needs 0 < REL < 1, got " + rel);
            }
        }

        @Override
        public Optional<String> stopReason(List<EpochRecord> history) {
            if (history.size() < 2) {
                return Optional.empty();
            }
            double previous = history.get(history.size() - 2).valLoss();
            double current = history.get(history.size() - 1).valLoss();
            double improvement = (previous - current) / previous;
            return improvement < rel
                    ? Optional.of(String.format(Locale.ROOT, "plateau: validation improved %.4f < %.4f", improvement, rel))
                    : Optional.empty();
        }

        @Override
        public String spec() {
            return "plateau:" + rel;
        }
    }

    /**
     * The monolithic model's rule: stops when the validation loss has not improved on the best so
     * far by a relative {@code minDelta} for {@code patience} epochs.
     */
    record Convergence(double minDelta, int patience) implements StoppingRule {
        public Convergence {
            if (minDelta < 0) {
                throw new InvalidSettingException("minDelta", "convergence needs minDelta >= 0, got " + minDelta);
            }
            if (patience < 1) {
                throw new InvalidSettingException("patience", "convergence needs patience >= 1, got " + patience);
            }
        }

        @Override
        public Optional<String> stopReason(List<EpochRecord> history) {
            int best = bestEpoch(history, minDelta);
            int since = history.size() - best;
            return since >= patience
                    ? Optional.of("convergence: no improvement > " + minDelta + " for " + since + " epochs, best epoch " + best)
                    : Optional.empty();
        }

        @Override
        public String spec() {
            return "convergence";
        }
    }

    /**
     * The eager stop: the members train in lockstep rounds of one epoch; after each, a cheap
     * validation probe ({@code probe.csv}, one {@link ProbeRecord} per epoch, epoch 0 included)
     * scores every member and their soft vote, and the whole ensemble stops when the vote's
     * validation accuracy has not improved on its best for {@code patience} epochs, or when its
     * best improved by less than {@code minGainPerMinute} percentage points per minute of the run's
     * clock over the last epoch (0: never by gain). Per member it never stops: {@link #stopReason}
     * is always empty, the ensemble decides ({@link #ensembleStopReason}).
     *
     * @param patience         epochs without a better vote before stopping, at least 1
     * @param minGainPerMinute the least gain of the best vote, in points per minute, to go on; 0 turns it off
     * @param probeImages      validation images the probe scores (the first ones; all when fewer)
     */
    record Auto(int patience, double minGainPerMinute, int probeImages) implements StoppingRule {

        /** Validation images the probe scores when not told. */
        public static final int DEFAULT_PROBE_IMAGES = 1000;

        public Auto {
            InvalidSettingException.require(patience >= 1, "patience", "must be >= 1", patience);
            InvalidSettingException.require(minGainPerMinute >= 0 && Double.isFinite(minGainPerMinute), "minGainPerMinute",
                    "must be a finite number >= 0", minGainPerMinute);
            InvalidSettingException.require(probeImages >= 50, "probeImages", "must be >= 50", probeImages);
        }

        /** The defaults: patience {@value StoppingRule#AUTO_PATIENCE}, no gain threshold, {@value #DEFAULT_PROBE_IMAGES} images. */
        public static Auto defaults() {
            return new Auto(AUTO_PATIENCE, 0, DEFAULT_PROBE_IMAGES);
        }

        /** A copy with {@code epochs} of patience. */
        public Auto withPatience(int epochs) {
            return new Auto(epochs, minGainPerMinute, probeImages);
        }

        /** A copy with the gain threshold {@code pointsPerMinute}. */
        public Auto withMinGainPerMinute(double pointsPerMinute) {
            return new Auto(patience, pointsPerMinute, probeImages);
        }

        /** A copy that probes {@code images} validation images. */
        public Auto withProbeImages(int images) {
            return new Auto(patience, minGainPerMinute, images);
        }

        @Override
        public Optional<String> stopReason(List<EpochRecord> history) {
            return Optional.empty();
        }

        /**
         * Why the ensemble stops after the last of {@code rows} (oldest first, epoch 0 first), or empty
         * to train another epoch. Never stops before epoch 1.
         */
        public Optional<String> ensembleStopReason(List<ProbeRecord> rows) {
            if (rows.isEmpty() || rows.get(rows.size() - 1).epoch() < 1) {
                return Optional.empty();
            }
            ProbeRecord last = rows.get(rows.size() - 1);
            ProbeRecord best = best(rows);
            if (last.epoch() - best.epoch() >= patience) {
                return Optional.of(String.format(Locale.ROOT, "auto: the vote's validation accuracy has not improved for %d epochs"
                        + " (best %.2f %% at epoch %d)", last.epoch() - best.epoch(), 100 * best.voteAccuracy(), best.epoch()));
            }
            if (minGainPerMinute > 0 && rows.size() >= 2) {
                ProbeRecord before = rows.get(rows.size() - 2);
                double minutes = Math.max(last.runSeconds() - before.runSeconds(), 1e-9) / 60;
                double gain = 100 * (best.voteAccuracy() - best(rows.subList(0, rows.size() - 1)).voteAccuracy()) / minutes;
                if (gain < minGainPerMinute) {
                    return Optional.of(String.format(Locale.ROOT, "auto: the vote gained %.3f points per minute in epoch %d, below %s"
                            + " (best %.2f %% at epoch %d)", gain, last.epoch(), minGainPerMinute, 100 * best.voteAccuracy(), best.epoch()));
                }
            }
            return Optional.empty();
        }

        /** The row with the highest vote accuracy, the earliest among equals. */
        public static ProbeRecord best(List<ProbeRecord> rows) {
            ProbeRecord best = rows.get(0);
            for (ProbeRecord r : rows) {
                if (r.voteAccuracy() > best.voteAccuracy()) {
                    best = r;
                }
            }
            return best;
        }

        @Override
        public String spec() {
            return "auto";
        }
    }

    /**
     * The epoch (1-based) with the best validation loss, where a later epoch only counts as better
     * when it improves on the best by more than a relative {@code minDelta}.
     */
    static int bestEpoch(List<EpochRecord> history, double minDelta) {
        int best = 1;
        double bestLoss = history.get(0).valLoss();
        for (int i = 1; i < history.size(); i++) {
            double loss = history.get(i).valLoss();
            if (loss < bestLoss * (1 - minDelta)) {
                best = i + 1;
                bestLoss = loss;
            }
        }
        return best;
    }

    /**
     * Parses a rule as written after {@code --stop}.
     *
     * @param text      {@code none}, {@code epochs:N}, {@code time:SECONDS}, {@code plateau:REL}, {@code convergence} or {@code auto}
     * @param minDelta  the relative improvement {@code convergence} asks for
     * @param patience  the epochs without improvement {@code convergence} and {@code auto} tolerate
     */
    public static StoppingRule parse(String text, double minDelta, int patience) {
        String[] parts = text.trim().split(":", 2);
        String kind = parts[0].toLowerCase(Locale.ROOT);
        String arg = parts.length > 1 ? parts[1] : null;
        try {
            return switch (kind) {
                case "none" -> new None();
                case "convergence" -> new Convergence(minDelta, patience);
                case "auto" -> Auto.defaults().withPatience(patience);
                case "epochs" -> new FixedEpochs(Integer.parseInt(require(arg, text)));
                case "time" -> new TimeBudget(Double.parseDouble(require(arg, text)));
                case "plateau" -> new Plateau(Double.parseDouble(require(arg, text)));
                default -> throw new InvalidSettingException("stop", "unknown stop rule '" + text
                        + "'; use none, epochs:N, time:SECONDS, plateau:REL, convergence or auto");
            };
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("stop", "stop " + text + ": '" + arg + "' is not a number");
        }
    }

    private static String require(String arg, String text) {
        if (arg == null || arg.isBlank()) {
            throw new InvalidSettingException("stop", "stop " + text + " needs a value after ':'");
        }
        return arg;
    }
}

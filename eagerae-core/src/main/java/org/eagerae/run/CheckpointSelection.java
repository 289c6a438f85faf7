package org.eagerae.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.train.EpochRecord;

/**
 * Which checkpoint of every member to use, and the one place that chooses it: after an epoch, the
 * latest within a time budget (as the paper does when it "picks an older model"), the ensemble as
 * it stood some seconds into the run, the last, an epoch of each member's own, or the epoch whose
 * classifiers did best on the validation split ({@link BestOnValidation}). Epochs come from
 * each member's own {@code metrics.csv} and are found by their number, never by row position;
 * members without a finished epoch (failed at once) are left out. Results and saved models carry
 * the selection; in JSON it is its {@link #label()}, e.g. {@code "epoch 3"}.
 */
public sealed interface CheckpointSelection permits CheckpointSelection.Epoch, CheckpointSelection.Budget,
        CheckpointSelection.AtRunTime, CheckpointSelection.Last, CheckpointSelection.Epochs, CheckpointSelection.BestOnValidation,
        CheckpointSelection.None {

    /** The chosen checkpoints, member order; an error names what the run lacks. */
    List<CheckpointChoice> choose(RunDirectory run);

    /** How {@code classify.json} and model manifests describe the selection, e.g. {@code epoch 3}. */
    @JsonValue
    String label();

    /** The selection's part of a model name, e.g. {@code epoch-003} or {@code budget-20s}. */
    String tag(List<CheckpointChoice> chosen);

    /** Every member's checkpoint after {@code epoch}; epoch 0 is the members' initial weights (untrained encoders). */
    record Epoch(int epoch) implements CheckpointSelection {
        public Epoch {
            InvalidSettingException.require(epoch >= 0, "epoch", "must be >= 0", epoch);
        }

        @Override
        public List<CheckpointChoice> choose(RunDirectory run) {
            if (epoch == 0) {
                return initialWeights(run);
            }
            return pick(run, rows -> rows.stream().filter(r -> r.epoch() == epoch).findFirst()
                    .orElseThrow(() -> new InvalidInputException("member " + rows.get(0).member() + " of " + run.root() + " has epochs 1.."
                            + rows.get(rows.size() - 1).epoch() + ", not " + epoch)));
        }

        @Override
        public String label() {
            return "epoch " + epoch;
        }

        @Override
        public String tag(List<CheckpointChoice> chosen) {
            return String.format(Locale.ROOT, "epoch-%03d", epoch);
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /**
     * Each member's latest checkpoint within {@code seconds} of its own training time; a budget
     * shorter than a member's first epoch gives its initial weights (epoch 0).
     */
    record Budget(double seconds) implements CheckpointSelection {
        public Budget {
            InvalidSettingException.require(seconds > 0, "budgetSeconds", "must be a positive number of seconds", seconds);
        }

        @Override
        public List<CheckpointChoice> choose(RunDirectory run) {
            List<CheckpointChoice> chosen = pick(run, rows -> rows.stream().filter(r -> r.elapsedSeconds() <= seconds).reduce((a, b) -> b)
                    .orElse(new EpochRecord(rows.get(0).member(), 0, Double.NaN, Double.NaN, 0, 0)));
            for (CheckpointChoice c : chosen) {
                if (c.record().epoch() == 0 && !java.nio.file.Files.isRegularFile(c.checkpoint())) {
                    throw new InvalidInputException(String.format(Locale.ROOT,
                            "budget %.2f s is shorter than member %d's first epoch in %s, which has no epoch-0 checkpoint", seconds,
                            c.record().member(), run.root()));
                }
            }
            return chosen;
        }

        @Override
        public String label() {
            return String.format(Locale.ROOT, "budget %.1f s", seconds);
        }

        @Override
        public String tag(List<CheckpointChoice> chosen) {
            return secondsTag("budget", seconds);
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /**
     * For every member, the latest epoch that had ended {@code seconds} into the run's training on
     * the run's clock ({@link RunSchedule}): the ensemble as it stood at that time, however its
     * members were scheduled. An error when a member had no epoch by then, or when the run has no
     * schedule (trained before eagerae recorded one).
     */
    record AtRunTime(double seconds) implements CheckpointSelection {
        @Override
        public List<CheckpointChoice> choose(RunDirectory run) {
            RunSchedule schedule = run.readSchedule();
            if (schedule.isEmpty()) {
                throw new InvalidInputException(run.root() + " has no " + run.scheduleFile().getFileName()
                        + " (trained by an earlier eagerae): choose checkpoints by epoch or by each member's own time");
            }
            return pick(run, rows -> rows.stream()
                    .filter(r -> schedule.end(r.member(), r.epoch()).orElse(Double.POSITIVE_INFINITY) <= seconds)
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new InvalidInputException(String.format(Locale.ROOT,
                            "member %d of %s had not finished an epoch %.2f s into the run's training", rows.get(0).member(), run.root(),
                            seconds))));
        }

        @Override
        public String label() {
            return String.format(Locale.ROOT, "run time %.1f s", seconds);
        }

        @Override
        public String tag(List<CheckpointChoice> chosen) {
            return secondsTag("runtime", seconds);
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /** Each member's last checkpoint. */
    record Last() implements CheckpointSelection {
        @Override
        public List<CheckpointChoice> choose(RunDirectory run) {
            return pick(run, rows -> rows.get(rows.size() - 1));
        }

        @Override
        public String label() {
            return "last epoch";
        }

        /** {@code epoch-NNN} when every member ends at the same epoch, else {@code epochs-3-5-...}. */
        @Override
        public String tag(List<CheckpointChoice> chosen) {
            List<Integer> epochs = chosen.stream().map(c -> c.record().epoch()).distinct().toList();
            return epochs.size() == 1 ? new Epoch(epochs.get(0)).tag(chosen) : new Epochs(chosen.stream().map(c -> c.record().epoch())
                    .toList()).tag(chosen);
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /** Member k's checkpoint after its own epoch {@code epochs.get(k)}. */
    record Epochs(List<Integer> epochs) implements CheckpointSelection {
        public Epochs {
            epochs = List.copyOf(epochs);
        }

        @Override
        public List<CheckpointChoice> choose(RunDirectory run) {
            List<CheckpointChoice> chosen = new ArrayList<>();
            for (int k = 0; k < epochs.size(); k++) {
                chosen.add(new Epoch(epochs.get(k)).choose(run).get(k));
            }
            return chosen;
        }

        @Override
        public String label() {
            return "epochs " + epochs;
        }

        @Override
        public String tag(List<CheckpointChoice> chosen) {
            return "epochs-" + epochs.stream().map(String::valueOf).collect(Collectors.joining("-"));
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /**
     * Every member's checkpoint after the epoch that {@code classify --epoch best} chose: of the
     * {@link #candidates candidate epochs}, the one where a method's classifiers had the highest
     * accuracy on the validation split (ties: the earlier epoch). The test split plays no part in the
     * choice. Epoch 0 is the members' initial weights (untrained encoders), a candidate like any other.
     *
     * @param epoch         the chosen epoch
     * @param budgetSeconds null, or the training time within which every member's candidate checkpoints
     *                      were ({@code --budget} with {@code --epoch best})
     */
    record BestOnValidation(int epoch, Double budgetSeconds) implements CheckpointSelection {
        public BestOnValidation {
            InvalidSettingException.require(epoch >= 0, "epoch", "must be >= 0", epoch);
            if (budgetSeconds != null) {
                InvalidSettingException.require(budgetSeconds > 0, "budgetSeconds", "must be a positive number of seconds", budgetSeconds);
            }
        }

        /**
         * The epochs {@code classify --epoch best} tries, in order: 0 when every member kept its initial
         * weights, and each epoch every member has finished, within {@code budgetSeconds} of each member's
         * training when that is given (null: any), from {@code from} to {@code to} (null: no bound).
         * Only members with a finished epoch count, as in the other selections.
         *
         * @throws InvalidInputException   when no epoch is left, naming the epochs the run has
         * @throws InvalidSettingException when {@code from} or {@code to} is negative or {@code from > to}
         */
        public static List<Integer> candidates(RunDirectory run, Double budgetSeconds, Integer from, Integer to) {
            if (from != null) {
                InvalidSettingException.require(from >= 0, "epochsFrom", "must be >= 0", from);
            }
            if (to != null) {
                InvalidSettingException.require(to >= 0, "epochsTo", "must be >= 0", to);
            }
            if (from != null && to != null && from > to) {
                throw new InvalidSettingException(List.of("epochsFrom", "epochsTo"), "epochsFrom " + from + " is after epochsTo " + to);
            }
            List<List<EpochRecord>> members = membersWithEpochs(run);
            boolean initial = members.stream().allMatch(rows -> java.nio.file.Files.isRegularFile(run.checkpoint(rows.get(0).member(), 0)));
            int last = members.stream().mapToInt(rows -> rows.get(rows.size() - 1).epoch()).min().orElseThrow();
            List<Integer> out = new ArrayList<>();
            for (int e = initial ? 0 : 1; e <= last; e++) {
                int epoch = e;
                boolean fits = budgetSeconds == null || epoch == 0
                        || members.stream().allMatch(rows -> rows.get(epoch - 1).elapsedSeconds() <= budgetSeconds);
                if (fits && (from == null || e >= from) && (to == null || e <= to)) {
                    out.add(e);
                }
            }
            if (out.isEmpty()) {
                String has = (initial ? "epochs 0.." : "epochs 1..") + last
                        + (initial ? "" : " (no epoch 0: its members' initial weights were not kept)");
                String within = budgetSeconds == null ? ""
                        : String.format(Locale.ROOT, " within budget %.2f s for every member", budgetSeconds);
                String range = from == null && to == null ? ""
                        : " from epoch " + (from == null ? 0 : from) + " to " + (to == null ? "the last" : to);
                throw new InvalidInputException(run.root() + " has " + has + "; none of them is" + within + range);
            }
            return out;
        }

        @Override
        public List<CheckpointChoice> choose(RunDirectory run) {
            List<List<EpochRecord>> members = membersWithEpochs(run);
            List<CheckpointChoice> chosen;
            if (epoch == 0) {
                List<Integer> trained = members.stream().map(rows -> rows.get(0).member()).toList();
                chosen = initialWeights(run).stream().filter(c -> trained.contains(c.record().member())).toList();
            } else {
                chosen = new Epoch(epoch).choose(run);
            }
            for (CheckpointChoice c : chosen) {
                if (budgetSeconds != null && c.record().elapsedSeconds() > budgetSeconds) {
                    throw new InvalidInputException(String.format(Locale.ROOT,
                            "member %d of %s took %.2f s to epoch %d, more than budget %.2f s", c.record().member(), run.root(),
                            c.record().elapsedSeconds(), epoch, budgetSeconds));
                }
            }
            return chosen;
        }

        @Override
        public String label() {
            return "best epoch " + epoch + " on validation" + (budgetSeconds == null ? "" : " within " + new Budget(budgetSeconds).label());
        }

        /** {@code best-epoch-003}, or {@code best-epoch-003-budget-20s} within a budget. */
        @Override
        public String tag(List<CheckpointChoice> chosen) {
            return "best-" + new Epoch(epoch).tag(chosen) + (budgetSeconds == null ? "" : "-" + secondsTag("budget", budgetSeconds));
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /**
     * No checkpoint at all: what a classifier that reads no encoder ({@code raw-pixels}) was made from, whatever
     * selection the others of its invocation used. Its part of a model name is empty.
     */
    record None() implements CheckpointSelection {
        /** How it is written. */
        public static final String LABEL = "none";

        @Override
        public List<CheckpointChoice> choose(RunDirectory run) {
            return List.of();
        }

        @Override
        public String label() {
            return LABEL;
        }

        @Override
        public String tag(List<CheckpointChoice> chosen) {
            return "";
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /**
     * The selection a label names ({@code epoch 3}, {@code budget 20.0 s}, {@code run time 12.0 s},
     * {@code last epoch}, {@code epochs [3, 5]}, {@code best epoch 3 on validation}, {@code best epoch 3 on validation
     * within budget 20.0 s}, {@code none}): how JSON reads a {@link #label()} back.
     */
    @JsonCreator
    static CheckpointSelection parse(String label) {
        try {
            if (label.equals("last epoch")) {
                return new Last();
            }
            if (label.equals(None.LABEL)) {
                return new None();
            }
            if (label.startsWith("best epoch ")) {
                String rest = label.substring("best epoch ".length());
                int end = rest.indexOf(" on validation");
                if (end > 0) {
                    String within = rest.substring(end + " on validation".length());
                    if (within.isEmpty()) {
                        return new BestOnValidation(Integer.parseInt(rest.substring(0, end).strip()), null);
                    }
                    if (within.startsWith(" within ") && parse(within.substring(" within ".length())) instanceof Budget b) {
                        return new BestOnValidation(Integer.parseInt(rest.substring(0, end).strip()), b.seconds());
                    }
                }
            }
            if (label.startsWith("epochs [") && label.endsWith("]")) {
                String list = label.substring("epochs [".length(), label.length() - 1).strip();
                return new Epochs(list.isEmpty() ? List.of() : Arrays.stream(list.split(",")).map(String::strip).map(Integer::valueOf).toList());
            }
            if (label.startsWith("epoch ")) {
                return new Epoch(Integer.parseInt(label.substring("epoch ".length()).strip()));
            }
            if (label.startsWith("budget ") && label.endsWith(" s")) {
                return new Budget(Double.parseDouble(label.substring("budget ".length(), label.length() - 2).strip()));
            }
            if (label.startsWith("run time ") && label.endsWith(" s")) {
                return new AtRunTime(Double.parseDouble(label.substring("run time ".length(), label.length() - 2).strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a checkpoint selection: '" + label + "'");
    }

    /** {@code budget-20s}, {@code runtime-12.5s}: seconds as they were given, without trailing zeros. */
    private static String secondsTag(String prefix, double seconds) {
        return prefix + "-" + BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString() + "s";
    }

    /** Every member's initial weights (its epoch-0 checkpoint): members without one are left out, as members without epochs are. */
    private static List<CheckpointChoice> initialWeights(RunDirectory run) {
        int members = run.readManifest().spec().members();
        List<CheckpointChoice> out = new ArrayList<>();
        for (int k = 0; k < members; k++) {
            java.nio.file.Path file = run.checkpoint(k, 0);
            if (java.nio.file.Files.isRegularFile(file)) {
                out.add(new CheckpointChoice(new EpochRecord(k, 0, Double.NaN, Double.NaN, 0, 0), file));
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(run.root() + " has no epoch-0 checkpoints (its members were trained by an earlier eagerae,"
                    + " which did not keep their initial weights)");
        }
        return out;
    }

    /** The rows of every member of {@code run} that has finished an epoch, member order; an error when none has. */
    private static List<List<EpochRecord>> membersWithEpochs(RunDirectory run) {
        int members = run.readManifest().spec().members();
        List<List<EpochRecord>> out = new ArrayList<>();
        for (int k = 0; k < members; k++) {
            List<EpochRecord> rows = run.member(k).epochs();
            if (!rows.isEmpty()) {
                out.add(rows);
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(run.root() + " has no finished epochs");
        }
        return out;
    }

    /** Applies {@code pick} to the epochs of every member of {@code run} that has any. */
    private static List<CheckpointChoice> pick(RunDirectory run, Function<List<EpochRecord>, EpochRecord> pick) {
        int members = run.readManifest().spec().members();
        List<CheckpointChoice> out = new ArrayList<>();
        for (int k = 0; k < members; k++) {
            List<EpochRecord> rows = run.member(k).epochs();
            if (!rows.isEmpty()) {
                EpochRecord r = pick.apply(rows);
                out.add(new CheckpointChoice(r, run.checkpoint(r.member(), r.epoch())));
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(run.root() + " has no finished epochs");
        }
        return out;
    }
}

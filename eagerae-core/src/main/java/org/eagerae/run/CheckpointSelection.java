package org.eagerae.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which checkpoint of every member to classify with: after an epoch, the latest within a time
 * budget, the last, or an epoch of each member's own (as an experiment's protocol chose them).
 * Results and saved models carry it; in JSON it is its {@link #label()}, e.g. {@code "epoch 3"}.
 */
public sealed interface CheckpointSelection permits CheckpointSelection.Epoch, CheckpointSelection.Budget,
        CheckpointSelection.Last, CheckpointSelection.Epochs {

    /** Every member's checkpoint after {@code epoch}. */
    record Epoch(int epoch) implements CheckpointSelection {
        @Override
        public List<CheckpointChoice> choose(RunDirectory run) {
            return CheckpointChoice.forEpoch(run, epoch);
        }

        @Override
        public String label() {
            return "epoch " + epoch;
        }

        @Override
        public String toString() {
            return label();
        }

        @Override
        public String tag(List<CheckpointChoice> chosen) {
            return String.format(Locale.ROOT, "epoch-%03d", epoch);
        }
    }

    /** Each member's latest checkpoint within {@code seconds} of its training time. */
    record Budget(double seconds) implements CheckpointSelection {
        @Override
        public List<CheckpointChoice> choose(RunDirectory run) {
            return CheckpointChoice.forBudget(run, seconds);
        }

        @Override
        public String label() {
            return String.format(Locale.ROOT, "budget %.1f s", seconds);
        }

        @Override
        public String toString() {
            return label();
        }

        @Override
        public String tag(List<CheckpointChoice> chosen) {
            return "budget-" + BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString() + "s";
        }
    }

    /** Each member's last checkpoint. */
    record Last() implements CheckpointSelection {
        @Override
        public List<CheckpointChoice> choose(RunDirectory run) {
            return CheckpointChoice.last(run);
        }

        @Override
        public String label() {
            return "last epoch";
        }

        @Override
        public String toString() {
            return label();
        }

        /** {@code epoch-NNN} when every member ends at the same epoch, else {@code epochs-3-5-...}. */
        @Override
        public String tag(List<CheckpointChoice> chosen) {
            List<Integer> epochs = chosen.stream().map(c -> c.record().epoch()).distinct().toList();
            return epochs.size() == 1 ? new Epoch(epochs.get(0)).tag(chosen)
                    : "epochs-" + chosen.stream().map(c -> String.valueOf(c.record().epoch())).collect(Collectors.joining("-"));
        }
    }

    /** Member k's checkpoint after its own epoch {@code epochs.get(k)}. */
    record Epochs(List<Integer> epochs) implements CheckpointSelection {
        public Epochs {
            epochs = List.copyOf(epochs);
        }

        @Override
        public List<CheckpointChoice> choose(RunDirectory run) {
            List<CheckpointChoice> chosen = new java.util.ArrayList<>();
            for (int k = 0; k < epochs.size(); k++) {
                chosen.add(CheckpointChoice.forEpoch(run, epochs.get(k)).get(k));
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

    /** The selection a label names ({@code epoch 3}, {@code budget 20.0 s}, {@code last epoch}, {@code epochs [3, 5]}): JSON's reading of {@link #label()}. */
    @JsonCreator
    static CheckpointSelection parse(String label) {
        try {
            if (label.equals("last epoch")) {
                return new Last();
            }
            if (label.startsWith("epochs [") && label.endsWith("]")) {
                String list = label.substring("epochs [".length(), label.length() - 1).strip();
                return new Epochs(list.isEmpty() ? List.of() : java.util.Arrays.stream(list.split(",")).map(String::strip).map(Integer::valueOf).toList());
            }
            if (label.startsWith("epoch ")) {
                return new Epoch(Integer.parseInt(label.substring("epoch ".length()).strip()));
            }
            if (label.startsWith("budget ") && label.endsWith(" s")) {
                return new Budget(Double.parseDouble(label.substring("budget ".length(), label.length() - 2).strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a checkpoint selection: '" + label + "'");
    }

    /** The chosen checkpoints, member order. */
    List<CheckpointChoice> choose(RunDirectory run);

    /** How {@code classify.json} and model manifests describe the selection, e.g. {@code epoch 3}. */
    @JsonValue
    String label();

    /** The selection's part of a model name, e.g. {@code epoch-003} or {@code budget-20s}. */
    String tag(List<CheckpointChoice> chosen);
}

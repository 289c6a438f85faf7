package org.eagerae.models;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.RunDirectory;

/** Which checkpoint of every member to classify with: after an epoch, the latest within a time budget, or the last. */
public sealed interface CheckpointSelection {

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

        /** {@code epoch-NNN} when every member ends at the same epoch, else {@code epochs-3-5-...}. */
        @Override
        public String tag(List<CheckpointChoice> chosen) {
            List<Integer> epochs = chosen.stream().map(c -> c.record().epoch()).distinct().toList();
            return epochs.size() == 1 ? new Epoch(epochs.get(0)).tag(chosen)
                    : "epochs-" + chosen.stream().map(c -> String.valueOf(c.record().epoch())).collect(Collectors.joining("-"));
        }
    }

    /** The chosen checkpoints, member order. */
    List<CheckpointChoice> choose(RunDirectory run);

    /** How {@code classify.json} and model manifests describe the selection, e.g. {@code epoch 3}. */
    String label();

    /** The selection's part of a model name, e.g. {@code epoch-003} or {@code budget-20s}. */
    String tag(List<CheckpointChoice> chosen);
}

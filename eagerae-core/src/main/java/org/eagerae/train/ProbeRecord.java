package org.eagerae.train;

import java.util.List;

/**
 * What the validation probe found for one epoch of an ensemble trained with {@link StoppingRule.Auto}:
 * a row of {@code probe.csv}. Accuracies are fractions in [0, 1], cross-validated on the probe's
 * validation images.
 *
 * @param epoch            the members' epoch (0: their initial weights)
 * @param runSeconds       the run's clock when the epoch's last member ended it (0 for epoch 0), to the millisecond
 * @param probeSeconds     the probe's work on this epoch, to the millisecond (members are scored as their epochs end,
 *                         beside those still training, so not all of it is time the run waited)
 * @param voteAccuracy     the members' soft vote
 * @param memberAccuracies each member's own, member order
 */
public record ProbeRecord(int epoch, double runSeconds, double probeSeconds, double voteAccuracy, List<Double> memberAccuracies) {

    public ProbeRecord {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        memberAccuracies = List.copyOf(memberAccuracies);
        runSeconds = Math.round(runSeconds * 1000) / 1000.0; // as probe.csv keeps them
        probeSeconds = Math.round(probeSeconds * 1000) / 1000.0;
    }
}

package org.eagerae.cli;

import java.nio.file.Files;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.ensemble.CheckpointChoice;

/** Checks that the chosen checkpoints are there before any features are computed or classifiers trained. */
final class CheckpointFiles {

    private CheckpointFiles() {}

    /** Refuses a choice whose checkpoint file is missing, naming it. */
    static void requirePresent(List<CheckpointChoice> choices) {
        for (CheckpointChoice c : choices) {
            if (!Files.isRegularFile(c.checkpoint())) {
                throw new InvalidInputException(c.checkpoint() + ": missing checkpoint of member " + c.record().member() + " after epoch "
                        + c.record().epoch() + " (metrics.csv lists it; the run folder is incomplete)");
            }
        }
    }
}

package org.eagerae.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.eagerae.InvalidInputException;
import org.eagerae.train.EpochRecord;

/**
 * The checkpoint chosen for one member by a {@link CheckpointSelection}: the chosen epoch's metrics
 * row and its file.
 *
 * @param record     the chosen epoch's metrics row
 * @param checkpoint the checkpoint file
 */
public record CheckpointChoice(EpochRecord record, Path checkpoint) {

    /** member, epoch, elapsed seconds, validation loss, file. */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%d,%.3f,%.6f,%s", record.member(), record.epoch(), record.elapsedSeconds(),
                record.valLoss(), checkpoint);
    }


    /** Refuses a choice whose checkpoint file is missing, naming it: before any features are computed or classifiers trained. */
    public static void requirePresent(List<CheckpointChoice> choices) {
        for (CheckpointChoice c : choices) {
            if (!java.nio.file.Files.isRegularFile(c.checkpoint())) {
                throw new InvalidInputException(c.checkpoint() + ": missing checkpoint of member " + c.record().member() + " after epoch "
                        + c.record().epoch() + " (metrics.csv lists it; the run folder is incomplete)");
            }
        }
    }
}

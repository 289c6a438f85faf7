package org.eagerae.spark;

import java.util.HashMap;
import java.util.Map;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.RunDirectory;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.MetricsFile;

/**
 * Live progress on the driver: reads each member's own {@code metrics.csv} from the run folder,
 * which the executors write as epochs finish, and passes each new row to the listener once. An
 * attempt that resumes after a lost executor continues after the last recorded row, so no epoch
 * is passed twice; a row cut short by a write in progress is read on the next poll.
 */
final class EpochFeed {

    private final RunDirectory run;
    private final Map<Integer, Integer> delivered = new HashMap<>();

    EpochFeed(RunDirectory run) {
        this.run = run;
    }

    /** Starts a member's feed after the epochs it has already. */
    void start(int member) {
        delivered.put(member, lastRecorded(member));
    }

    /** Passes the member's epochs recorded since the last call to the listener, oldest first. */
    void deliver(int member, EnsembleListener listener) {
        for (EpochRecord row : MetricsFile.readPrefix(run.member(member).metricsFile()).rows()) {
            if (row.member() == member && row.epoch() == delivered(member) + 1) {
                listener.onEpoch(row);
                delivered.put(member, row.epoch());
            }
        }
    }

    /** The last epoch passed on for a member. */
    int delivered(int member) {
        return delivered.getOrDefault(member, 0);
    }

    private int lastRecorded(int member) {
        return MetricsFile.readPrefix(run.member(member).metricsFile()).rows().stream()
                .mapToInt(EpochRecord::epoch).max().orElse(0);
    }
}

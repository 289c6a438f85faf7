package org.eagerae.spark;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.RunDirectory;
import org.eagerae.train.EpochRecord;

/**
 * Live progress on the driver: reads each member's own {@code metrics.csv} from the members'
 * storage, which the executors write as epochs finish, and passes each new row to the listener once. An
 * attempt that resumes after a lost executor continues after the last recorded row, so no epoch
 * is passed twice; a row cut short by a write in progress is read on the next poll.
 */
final class EpochFeed {

    private final RunDirectory run;
    private final MemberStorage storage;
    private final Map<Integer, Integer> delivered = new HashMap<>();

    EpochFeed(RunDirectory run, MemberStorage storage) {
        this.run = run;
        this.storage = storage;
    }

    /** Starts a member's feed after the epochs it has already. */
    void start(int member) throws IOException {
        delivered.put(member, storage.rows(run, member).stream().mapToInt(EpochRecord::epoch).max().orElse(0));
    }

    /** Passes the member's epochs recorded since the last call to the listener, oldest first. */
    void deliver(int member, EnsembleListener listener) throws IOException {
        for (EpochRecord row : storage.rows(run, member)) {
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
}

package org.eagerae.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;
import org.eagerae.train.EpochRecord;

/**
 * Live progress on the driver: reads each member's own {@code metrics.csv} from the members'
 * storage, which the executors write as epochs finish, and passes each new row to the listener once. An
 * attempt that resumes after a lost executor continues after the last recorded row, so no epoch
 * is passed twice; a row cut short by a write in progress is read on the next poll. A stuck member
 * set aside on an executor (one more {@code mNN.stuck-N} folder on the storage) is passed on as a
 * restart from the seed its next attempt has, and its rows are counted again from epoch 1. A read
 * that fails while an executor publishes is tried again on the next poll (a file that stays
 * unreadable fails the member when the driver pulls its files back, after its job).
 */
final class EpochFeed {

    private final RunDirectory run;
    private final RunSpec spec;
    private final MemberStorage storage;
    private final Map<Integer, Integer> delivered = new HashMap<>();
    private final Map<Integer, Integer> restarts = new HashMap<>();

    EpochFeed(RunDirectory run, RunSpec spec, MemberStorage storage) {
        this.run = run;
        this.spec = spec;
        this.storage = storage;
    }

    /** Starts a member's feed after the epochs and restarts it has already. */
    void start(int member) throws IOException {
        restarts.put(member, storage.restarts(run, member));
        delivered.put(member, storage.rows(run, member).stream().mapToInt(EpochRecord::epoch).max().orElse(0));
    }

    /** Passes the member's restarts and epochs recorded since the last call to the listener, oldest first. */
    void deliver(int member, EnsembleListener listener) throws IOException {
        int before = storage.restarts(run, member);
        List<EpochRecord> rows;
        try {
            rows = storage.rows(run, member);
        } catch (IOException | UncheckedIOException e) {
            // read while an executor replaced the file or set the folder aside (on file://, a file and its
            // checksum are renamed one after the other): read again on the next poll
            return;
        }
        if (storage.restarts(run, member) != before) {
            return; // set aside while the rows were read: they may be either attempt's; read again on the next poll
        }
        for (int n = restarts.getOrDefault(member, 0) + 1; n <= before; n++) {
            listener.onRestart(member, spec.memberSeed(member, n), "stuck at a constant output; set aside as members/"
                    + run.stuckAttempt(member, n).getFileName());
            restarts.put(member, n);
            delivered.put(member, 0);
        }
        for (EpochRecord row : rows) {
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

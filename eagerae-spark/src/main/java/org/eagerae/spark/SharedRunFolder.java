package org.eagerae.spark;

import java.nio.file.Path;
import java.util.List;
import org.eagerae.run.RunDirectory;
import org.eagerae.train.EpochListener;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.MetricsFile;

/**
 * The run folder itself as the members' storage: a path that the driver and every executor see
 * alike (an NFS mount, or any folder when they all run on one machine). Executors write their
 * member's files there directly (checkpoints atomically, by temporary name and rename).
 *
 * @param runFolder the run folder's absolute path
 */
record SharedRunFolder(String runFolder) implements MemberStorage {

    private static final long serialVersionUID = 1L;

    @Override
    public Checkout checkout(int member) {
        return new Checkout(RunDirectory.open(Path.of(runFolder)), EpochListener.NONE, () -> { });
    }

    @Override
    public void push(RunDirectory run, int member) {
        // the executors use the run folder itself
    }

    @Override
    public void pull(RunDirectory run, int member) {
        // the executors wrote into the run folder itself
    }

    @Override
    public List<EpochRecord> rows(RunDirectory run, int member) {
        return MetricsFile.readPrefix(run.member(member).metricsFile()).rows();
    }

    @Override
    public int restarts(RunDirectory run, int member) {
        return run.stuckAttempts(member).size();
    }

    @Override
    public String describe() {
        return "the run folder " + runFolder;
    }
}

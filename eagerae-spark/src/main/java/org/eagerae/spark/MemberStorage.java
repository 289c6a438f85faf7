package org.eagerae.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.eagerae.run.RunDirectory;
import org.eagerae.train.EpochListener;
import org.eagerae.train.EpochRecord;

/**
 * Where executors find and keep a member's files (its checkpoints and its {@code metrics.csv}), and
 * how the driver sees them. Either the run folder itself, at a path every executor sees
 * ({@link SharedRunFolder}), or a folder on a Hadoop file system that mirrors the run folder's
 * layout ({@link HadoopStorage}). Every path inside comes from the run's {@link RunDirectory}; a
 * storage only maps it.
 */
interface MemberStorage extends Serializable {

    /**
     * The run folder a member trains in on an executor, ready to resume from the member's last
     * complete checkpoint on the storage.
     */
    Checkout checkout(int member) throws IOException;

    /** Driver side: makes the storage hold the member's files as the run folder has them, before the member trains. */
    void push(RunDirectory run, int member) throws IOException;

    /** Driver side: brings the member's files from the storage into the run folder, once its job has ended. */
    void pull(RunDirectory run, int member) throws IOException;

    /** Driver side: the member's rows as the storage has them now (a row being written is left for later). */
    List<EpochRecord> rows(RunDirectory run, int member) throws IOException;

    /** Driver side: how many of the member's attempts the storage holds set aside as stuck ({@code members/mNN.stuck-N/}). */
    int restarts(RunDirectory run, int member) throws IOException;

    /** Says where the members' files are, for messages. */
    String describe();

    /**
     * A member's run folder on an executor.
     *
     * @param run       the run folder to train in
     * @param publisher hears the member's progress and publishes each finished epoch to the storage
     * @param cleanup   removes what the checkout left on the executor
     */
    record Checkout(RunDirectory run, EpochListener publisher, AutoCloseable cleanup) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            cleanup.close();
        }
    }
}

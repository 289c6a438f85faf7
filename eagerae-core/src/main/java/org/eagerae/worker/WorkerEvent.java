package org.eagerae.worker;

import org.eagerae.run.MemberStatus;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.eagerae.classify.SupervisedTrainer;
import org.eagerae.train.EpochListener;
import org.eagerae.train.EpochRecord;

/**
 * A message from a worker process about the job it runs: one JSON object per line on its standard
 * output (see {@link Protocol}). Every event names its job and member; the coordinator ends a
 * worker that sends anything else.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = WorkerEvent.Started.class, name = "started"),
    @JsonSubTypes.Type(value = WorkerEvent.Batch.class, name = "batch"),
    @JsonSubTypes.Type(value = WorkerEvent.Epoch.class, name = "epoch"),
    @JsonSubTypes.Type(value = WorkerEvent.Warning.class, name = "warning"),
    @JsonSubTypes.Type(value = WorkerEvent.Restarted.class, name = "restarted"),
    @JsonSubTypes.Type(value = WorkerEvent.MemberDone.class, name = "member-done"),
    @JsonSubTypes.Type(value = WorkerEvent.ClassifierEpoch.class, name = "classifier-epoch"),
    @JsonSubTypes.Type(value = WorkerEvent.FineTuneDone.class, name = "fine-tune-done")
})
public sealed interface WorkerEvent {

    /** The job this event belongs to. */
    long job();

    /** The member the job concerns. */
    int member();

    /** Progress of a training job, delivered to the coordinator's listener. */
    sealed interface Progress extends WorkerEvent {
        /** Calls the listener method this event stands for. */
        void deliverTo(EpochListener listener);
    }

    /** Training starts at {@code firstEpoch} (after any resume). */
    record Started(long job, int member, int firstEpoch, int maxEpochs, int batches) implements Progress {
        @Override
        public void deliverTo(EpochListener listener) {
            listener.onStart(member, firstEpoch, maxEpochs, batches);
        }
    }

    /** A training batch finished with this loss. */
    record Batch(long job, int member, int epoch, int batch, int batches, double loss) implements Progress {
        @Override
        public void deliverTo(EpochListener listener) {
            listener.onBatch(member, epoch, batch, batches, loss);
        }
    }

    /** An epoch finished; its checkpoint and the member's row are on disk. */
    record Epoch(long job, int member, EpochRecord record) implements Progress {
        @Override
        public void deliverTo(EpochListener listener) {
            listener.onEpoch(record);
        }
    }

    /** Something repaired or skipped, for the user. */
    record Warning(long job, int member, String message) implements Progress {
        @Override
        public void deliverTo(EpochListener listener) {
            listener.onWarning(message);
        }
    }

    /** The member was stuck: its epochs so far were set aside and it starts again with {@code seed}. */
    record Restarted(long job, int member, long seed, String reason) implements Progress {
        @Override
        public void deliverTo(EpochListener listener) {
            listener.onRestart(member, seed, reason);
        }
    }

    /** The job's outcome, its last event: the member finished, failed, or pending after the epochs the job asked for. */
    record MemberDone(long job, int member, MemberStatus status) implements WorkerEvent {}

    /** A fine-tuning job finished an epoch with this validation accuracy. */
    record ClassifierEpoch(long job, int member, int epoch, double valAccuracy) implements WorkerEvent {}

    /**
     * A fine-tuning job's outcome, its last event: the result is in the job's output file, or {@code error} says
     * why there is none.
     */
    record FineTuneDone(long job, int member, SupervisedTrainer.Fit fit, String error) implements WorkerEvent {}
}

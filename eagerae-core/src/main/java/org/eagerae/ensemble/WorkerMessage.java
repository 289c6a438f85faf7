package org.eagerae.ensemble;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eagerae.train.EpochRecord;

/**
 * One line of JSON that a worker process writes on its standard output for the coordinator:
 * {@code start}, {@code batch}, {@code epoch} or {@code done}. Fields that a type does not use are null.
 *
 * @param type     the kind of message
 * @param member   the member it concerns
 * @param epoch    {@code start}: first epoch to train; {@code batch}: current epoch
 * @param batch    {@code batch}: 1-based batch index
 * @param batches  batches per epoch
 * @param maxEpochs {@code start}: the epoch cap
 * @param loss     {@code batch}: the batch's loss
 * @param record   {@code epoch}: the finished epoch
 * @param status   {@code done}: the member's outcome
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerMessage(String type, Integer member, Integer epoch, Integer batch, Integer batches, Integer maxEpochs,
        Double loss, EpochRecord record, MemberStatus status) {

    static WorkerMessage start(int member, int firstEpoch, int maxEpochs, int batches) {
        return new WorkerMessage("start", member, firstEpoch, null, batches, maxEpochs, null, null, null);
    }

    static WorkerMessage batch(int member, int epoch, int batch, int batches, double loss) {
        return new WorkerMessage("batch", member, epoch, batch, batches, null, loss, null, null);
    }

    static WorkerMessage epoch(EpochRecord record) {
        return new WorkerMessage("epoch", record.member(), null, null, null, null, null, record, null);
    }

    static WorkerMessage done(MemberStatus status) {
        return new WorkerMessage("done", status.member(), null, null, null, null, null, null, status);
    }
}

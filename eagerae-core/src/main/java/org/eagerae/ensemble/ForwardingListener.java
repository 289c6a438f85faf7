package org.eagerae.ensemble;

import org.eagerae.run.MemberStatus;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.ProbeRecord;

/**
 * A listener that passes every event on to another; subclasses override the events they add to (the
 * run's own bookkeeping, a round's) and call {@code super} to pass them on.
 */
abstract class ForwardingListener implements EnsembleListener {

    private final EnsembleListener next;

    ForwardingListener(EnsembleListener next) {
        this.next = next;
    }

    @Override
    public void onStart(int member, int firstEpoch, int maxEpochs, int batches) {
        next.onStart(member, firstEpoch, maxEpochs, batches);
    }

    @Override
    public void onBatch(int member, int epoch, int batch, int batches, double loss) {
        next.onBatch(member, epoch, batch, batches, loss);
    }

    @Override
    public void onEpoch(EpochRecord record) {
        next.onEpoch(record);
    }

    @Override
    public void onWarning(String message) {
        next.onWarning(message);
    }

    @Override
    public void onRestart(int member, long seed, String reason) {
        next.onRestart(member, seed, reason);
    }

    @Override
    public void onRetry(int member, int firstEpoch, String where) {
        next.onRetry(member, firstEpoch, where);
    }

    @Override
    public void onProbe(ProbeRecord row, int images) {
        next.onProbe(row, images);
    }

    @Override
    public void onMemberDone(MemberStatus status) {
        next.onMemberDone(status);
    }
}

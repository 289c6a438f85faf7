package org.eagerae.ensemble;

import java.util.List;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunManifest;

/**
 * Members of a run failed; the others trained as usual, and the run folder keeps every member's
 * state, so that the run can be resumed. The message names each failed member and why it failed,
 * e.g. {@code run runs/a: 1 of 5 members failed: m03: worker process died (exit code 1) before its
 * first batch: Unrecognized option: -Xbogus (its log: runs/a/logs/worker-0.log)}.
 */
public final class MembersFailedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient List<MemberStatus> failed;

    /**
     * @param run      what failed, for the message, e.g. {@code run runs/a}
     * @param manifest the run's manifest at the end, with at least one failed member
     */
    public MembersFailedException(String run, RunManifest manifest) {
        super(run + ": " + manifest.members().stream().filter(MemberStatus::isFailed).count() + " of " + manifest.members().size()
                + " members failed: " + Training.failures(manifest));
        this.failed = manifest.members().stream().filter(MemberStatus::isFailed).toList();
    }

    /** The failed members, in member order. */
    public List<MemberStatus> failed() {
        return failed;
    }

    /** Whether every failed member ran out of memory (Java heap or native), so that more memory or smaller batches would do. */
    public boolean outOfMemory() {
        return !failed.isEmpty() && failed.stream().allMatch(m -> MemberRunner.isOutOfMemory(m.error()));
    }
}

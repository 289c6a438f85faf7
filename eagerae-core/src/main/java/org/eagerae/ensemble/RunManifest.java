package org.eagerae.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code run.json}: the settings, what became of each member, and where and with
 * what the run was made.
 *
 * @param config     the run's settings
 * @param members    one status per member, in member order
 * @param environment versions, machine and source revision ({@link Environment})
 * @param startedAt  ISO-8601 start time
 * @param finishedAt ISO-8601 end time, null while running
 * @param wallSeconds wall-clock seconds of the whole training step (all members)
 */
public record RunManifest(RunConfig config, List<MemberStatus> members, Map<String, Object> environment,
        String startedAt, String finishedAt, double wallSeconds) {

    public RunManifest {
        members = List.copyOf(members);
    }

    /** A fresh manifest with every member pending. */
    public static RunManifest start(RunConfig config) {
        List<MemberStatus> pending = new ArrayList<>();
        config.jobs().forEach(job -> pending.add(MemberStatus.pending(job)));
        return new RunManifest(config, pending, Environment.describe(), java.time.Instant.now().toString(), null, 0);
    }

    /** This manifest with one member's status replaced. */
    public RunManifest withMember(MemberStatus status) {
        List<MemberStatus> list = new ArrayList<>(members);
        list.set(status.member(), status);
        return new RunManifest(config, list, environment, startedAt, finishedAt, wallSeconds);
    }

    /** This manifest marked finished. */
    public RunManifest finished(double wallSeconds) {
        return new RunManifest(config, members, environment, startedAt, java.time.Instant.now().toString(), wallSeconds);
    }

    /** Whether any member failed. */
    public boolean anyFailed() {
        return members.stream().anyMatch(MemberStatus::isFailed);
    }
}

package org.eagerae.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code run.json}: the settings that decide the numbers, what became of each
 * member, where and with what the run was made, and how each invocation ran it.
 *
 * @param spec        the run's settings
 * @param members     one status per member, in member order
 * @param environment versions, machine and source revision ({@link Environment})
 * @param invocations each invocation that trained the run (the first, then every resume), oldest first
 * @param startedAt   ISO-8601 start time
 * @param finishedAt  ISO-8601 end time, null while running
 * @param wallSeconds wall-clock seconds of the last invocation's training (all members)
 */
public record RunManifest(RunSpec spec, List<MemberStatus> members, Map<String, Object> environment,
        List<Invocation> invocations, String startedAt, String finishedAt, double wallSeconds) {

    /**
     * One invocation that trained the run: provenance, not a setting.
     *
     * @param startedAt ISO-8601 time it started
     * @param host      the machine
     * @param pid       the process
     * @param eagerae   the eagerae version
     * @param execution the backend and workers it ran on
     */
    public record Invocation(String startedAt, String host, long pid, String eagerae, Execution execution) {

        /** This process, now, on the given execution. */
        public static Invocation now(Execution execution) {
            return new Invocation(Instant.now().toString(), Environment.host(), ProcessHandle.current().pid(),
                    Environment.eageraeVersion(), execution);
        }
    }

    public RunManifest {
        if (spec == null || members == null) {
            throw new IllegalArgumentException("run.json needs 'spec' and 'members' (a run.json written by an older eagerae has neither)");
        }
        if (members.size() != spec.members()) {
            throw new IllegalArgumentException("run.json has " + members.size() + " member statuses for " + spec.members() + " members");
        }
        members = List.copyOf(members);
        invocations = invocations == null ? List.of() : List.copyOf(invocations);
    }

    /** A fresh manifest with every member pending. */
    public static RunManifest start(RunSpec spec) {
        List<MemberStatus> pending = new ArrayList<>();
        spec.jobs().forEach(job -> pending.add(MemberStatus.pending(job)));
        return new RunManifest(spec, pending, Environment.describe(), List.of(), Instant.now().toString(), null, 0);
    }

    /** This manifest with one member's status replaced. */
    public RunManifest withMember(MemberStatus status) {
        List<MemberStatus> list = new ArrayList<>(members);
        list.set(status.member(), status);
        return new RunManifest(spec, list, environment, invocations, startedAt, finishedAt, wallSeconds);
    }

    /** This manifest with an invocation added, not finished. */
    public RunManifest withInvocation(Invocation invocation) {
        List<Invocation> list = new ArrayList<>(invocations);
        list.add(invocation);
        return new RunManifest(spec, members, environment, list, startedAt, null, wallSeconds);
    }

    /** This manifest marked finished. */
    public RunManifest finished(double wallSeconds) {
        return new RunManifest(spec, members, environment, invocations, startedAt, Instant.now().toString(), wallSeconds);
    }

    /** Whether any member failed. */
    public boolean anyFailed() {
        return members.stream().anyMatch(MemberStatus::isFailed);
    }

    /** Whether every member finished: nothing left to train. */
    @JsonIgnore
    public boolean isComplete() {
        return members.stream().allMatch(MemberStatus::isFinished);
    }
}

package org.eagerae.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.Success$;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import org.eagerae.run.MemberStatus.Attempt;
import org.eagerae.run.MemberStatus.AttemptOutcome;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Hears Spark's scheduler and keeps, per member of one training round, every attempt at its task:
 * which executor and host ran it and how it ended. Each member's job carries the local property
 * {@value #PROPERTY} (this log's round and the member), so jobs of other rounds are ignored.
 */
final class AttemptLog extends SparkListener {

    /** The job property that names the member a job trains. */
    static final String PROPERTY = "eagerae.member";

    private final String round;
    private final Map<Integer, Integer> memberOfStage = new ConcurrentHashMap<>();
    private final Map<Integer, Map<Integer, Attempt>> attempts = new ConcurrentHashMap<>();
    private final Queue<Retry> retries = new ConcurrentLinkedQueue<>();

    /** A member's task started again, as {@code attempt}. */
    private record Retry(int member, Attempt attempt) {}

    /** @param round what tells this round's jobs from others' */
    AttemptLog(String round) {
        this.round = round;
    }

    /** The value of {@value #PROPERTY} for a member's job. */
    String key(int member) {
        return round + ":" + member;
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        String key = start.properties() == null ? null : start.properties().getProperty(PROPERTY);
        if (key == null || !key.startsWith(round + ":")) {
            return;
        }
        int member = Integer.parseInt(key.substring(round.length() + 1));
        for (Object stage : CollectionConverters.asJava(start.stageIds())) {
            memberOfStage.put((Integer) stage, member);
        }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
        Attempt attempt = record(start.stageId(), start.taskInfo(), AttemptOutcome.UNFINISHED, null);
        if (attempt != null && attempt.number() > 0) {
            retries.add(new Retry(memberOfStage.get(start.stageId()), attempt));
        }
    }

    /**
     * Says each member retried since the last call, oldest first: where it runs now and how its
     * previous attempt ended ({@code member, where}).
     */
    void drainRetries(java.util.function.BiConsumer<Integer, String> retried) {
        for (Retry retry = retries.poll(); retry != null; retry = retries.poll()) {
            int member = retry.member();
            Attempt attempt = retry.attempt();
            Attempt before = attempts.getOrDefault(member, Map.of()).get(attempt.number() - 1);
            String previous = before == null ? "" : "; attempt " + before.number() + " on executor " + before.executor() + " (" + before.host()
                    + ") " + (before.reason() == null ? "was lost" : "ended: " + before.reason());
            retried.accept(member, "on executor " + attempt.executor() + " (" + attempt.host() + "), attempt " + attempt.number() + previous);
        }
    }

    /** Whether any member's task has started. */
    boolean anyStarted() {
        return !attempts.isEmpty();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() == Success$.MODULE$) {
            record(end.stageId(), end.taskInfo(), AttemptOutcome.COMPLETED, null);
        } else {
            String why = end.reason() instanceof TaskFailedReason failed ? failed.toErrorString() : end.reason().toString();
            record(end.stageId(), end.taskInfo(), AttemptOutcome.LOST, why.lines().findFirst().orElse(why));
        }
    }

    private Attempt record(int stage, TaskInfo task, AttemptOutcome outcome, String reason) {
        Integer member = memberOfStage.get(stage);
        if (member == null) {
            return null;
        }
        Attempt attempt = new Attempt(task.attemptNumber(), task.executorId(), task.host(), outcome, reason);
        attempts.computeIfAbsent(member, m -> new ConcurrentHashMap<>()).put(task.attemptNumber(), attempt);
        return attempt;
    }

    /**
     * The member's attempts, oldest first; {@code completed} (the attempt that returned the
     * member's status, as the task itself reported it) replaces what the scheduler said of it.
     */
    List<Attempt> of(int member, Optional<Attempt> completed) {
        Map<Integer, Attempt> seen = new ConcurrentHashMap<>(attempts.getOrDefault(member, Map.of()));
        completed.ifPresent(a -> seen.put(a.number(), a));
        List<Attempt> list = new ArrayList<>(seen.values());
        list.sort(Comparator.comparingInt(Attempt::number));
        return list;
    }
}

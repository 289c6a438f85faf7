package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskGraphTest {

    @Test
    void aTaskStartsOnlyAfterItsNeedsHaveEndedAndTheFirstAddedReadyTaskGoesFirst() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        TaskGraph graph = new TaskGraph();
        TaskGraph.Task a = graph.add(step("a", events, 30), List.of());
        TaskGraph.Task b = graph.add(step("b", events, 5), List.of());
        graph.add(step("ab", events, 0), List.of(a, b));
        graph.add(step("after-b", events, 0), List.of(b));
        graph.add(step("free", events, 0), List.of());

        graph.run(2);

        assertThat(events).hasSize(10);
        assertThat(events.indexOf("start ab")).isGreaterThan(events.indexOf("end a")).isGreaterThan(events.indexOf("end b"));
        assertThat(events.indexOf("start after-b")).isGreaterThan(events.indexOf("end b"));
        // when b ends (a still runs), both after-b and free are ready: after-b was added first
        assertThat(events.indexOf("start after-b")).isLessThan(events.indexOf("start free"));
    }

    @Test
    void oneThreadRunsTheTasksHereInTheOrderAdded() {
        List<String> events = new ArrayList<>();
        TaskGraph graph = new TaskGraph();
        TaskGraph.Task first = graph.add(() -> events.add(Thread.currentThread().getName() + " first"), List.of());
        graph.add(() -> events.add(Thread.currentThread().getName() + " second"), List.of(first));

        graph.run(1);

        String here = Thread.currentThread().getName();
        assertThat(events).containsExactly(here + " first", here + " second");
    }

    @Test
    void aFailureStartsNoOtherTaskWaitsForThoseUnderWayAndIsRethrownAsThrown() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        AtomicInteger slowEnded = new AtomicInteger();
        AtomicInteger laterRan = new AtomicInteger();
        TaskGraph graph = new TaskGraph();
        graph.add(() -> {
            slowStarted.countDown();
            sleep(200);
            slowEnded.incrementAndGet();
        }, List.of());
        graph.add(() -> {
            await(slowStarted);
            throw new IllegalArgumentException("bad member");
        }, List.of());
        for (int i = 0; i < 3; i++) {
            graph.add(laterRan::incrementAndGet, List.of());
        }

        assertThatThrownBy(() -> graph.run(2)).isInstanceOf(IllegalArgumentException.class).hasMessage("bad member");
        assertThat(slowEnded).as("the task under way ended before run returned").hasValue(1);
        assertThat(laterRan).as("no task started after the failure").hasValue(0);
    }

    @Test
    void aNeedMustBeAddedBeforeTheTaskThatNeedsIt() {
        TaskGraph other = new TaskGraph();
        TaskGraph.Task elsewhere = other.add(() -> {}, List.of());
        assertThatThrownBy(() -> new TaskGraph().add(() -> {}, List.of(elsewhere))).isInstanceOf(IllegalArgumentException.class);
    }

    private static Runnable step(String name, List<String> events, long millis) {
        return () -> {
            events.add("start " + name);
            sleep(millis);
            events.add("end " + name);
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

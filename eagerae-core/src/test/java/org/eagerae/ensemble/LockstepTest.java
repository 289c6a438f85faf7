package org.eagerae.ensemble;

import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberState;
import org.eagerae.run.MemberStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lockstep schedule on its own: slots simulated on a virtual clock, each taking a fixed time
 * per epoch, so that idling and the members' spread are exact.
 */
class LockstepTest {

    private static List<MemberJob> jobs(int k) {
        List<MemberJob> jobs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            jobs.add(new MemberJob(i, 100 + i));
        }
        return jobs;
    }

    /** A member's status after a turn: finished, or pending after {@code epochs}. */
    private static MemberStatus status(MemberJob job, int epochs, boolean finished) {
        return new MemberStatus(job.member(), job.seed(), finished ? MemberState.FINISHED : MemberState.PENDING, epochs,
                finished ? "done" : null, 0, Double.NaN, 0, null, List.of(), List.of());
    }

    /**
     * What the simulation saw.
     *
     * @param makespan      when the last turn ended
     * @param turns         turns handed out
     * @param largestSpread the largest difference between members' epoch counts at any handout
     * @param turnsBySlot   turns each slot trained
     */
    private record Simulation(double makespan, int turns, int largestSpread, int[] turnsBySlot) {}

    /** A turn being trained: by which slot, until when, and how many epochs the member will have. */
    private record Running(int slot, Lockstep.Turn turn, double end, int reached) {}

    /**
     * Runs the schedule on a virtual clock: slot s takes {@code secondsPerEpoch[s]} per epoch; a
     * member stops at {@code stopAt[member]} epochs (its stopping rule) or at the cap.
     */
    private static Simulation simulate(Lockstep schedule, double[] secondsPerEpoch, int maxEpochs, int[] stopAt, Map<Integer, Integer> start) {
        Map<Integer, Integer> epochs = new HashMap<>(start);
        List<Running> running = new ArrayList<>();
        List<Integer> free = new ArrayList<>();
        for (int s = 0; s < secondsPerEpoch.length; s++) {
            free.add(s);
        }
        double now = 0;
        int turns = 0;
        int spread = 0;
        int[] bySlot = new int[secondsPerEpoch.length];
        while (true) {
            for (int slot : List.copyOf(free)) {
                Optional<Lockstep.Turn> next = schedule.take();
                if (next.isEmpty()) {
                    break;
                }
                Lockstep.Turn turn = next.get();
                int member = turn.job().member();
                Map<Integer, Integer> counts = schedule.unfinishedEpochs();
                spread = Math.max(spread, Collections.max(counts.values()) - Collections.min(counts.values()));
                int reached = Math.min(turn.untilEpoch(), Math.min(stopAt[member], maxEpochs));
                running.add(new Running(slot, turn, now + (reached - epochs.get(member)) * secondsPerEpoch[slot], reached));
                free.remove(Integer.valueOf(slot));
                turns++;
                bySlot[slot]++;
            }
            if (running.isEmpty()) {
                return new Simulation(now, turns, spread, bySlot);
            }
            Running done = running.stream().min((a, b) -> Double.compare(a.end(), b.end())).orElseThrow();
            running.remove(done);
            now = done.end();
            int member = done.turn().job().member();
            epochs.put(member, done.reached());
            boolean finished = done.reached() >= stopAt[member] || done.reached() >= maxEpochs;
            schedule.finish(done.turn(), status(done.turn().job(), done.reached(), finished));
            free.add(done.slot());
        }
    }

    private static Map<Integer, Integer> zeros(int k) {
        Map<Integer, Integer> m = new HashMap<>();
        for (int i = 0; i < k; i++) {
            m.put(i, 0);
        }
        return m;
    }

    @Test
    void fiveMembersOnTwoSlotsTakeTheirEpochsInTurnsWithoutIdlingAndWithinOneEpoch() {
        int[] stopAt = {10, 10, 10, 10, 10};
        Lockstep schedule = new Lockstep(jobs(5), job -> 0, 10, 2);
        Simulation sim = simulate(schedule, new double[] {1, 1}, 10, stopAt, zeros(5));
        assertThat(schedule.outcomes().values()).extracting(MemberStatus::epochs).containsOnly(10);
        assertThat(sim.makespan()).as("50 member-epochs on 2 slots: no slot idles").isEqualTo(25);
        assertThat(sim.largestSpread()).as("members within one epoch of each other").isLessThanOrEqualTo(1);
        // members in rounds (m0, m1 to the end, then m2, m3, then m4 alone) would take 30
    }

    @Test
    void threeMembersOnTwoSlotsAlsoKeepBothSlotsBusy() {
        Lockstep schedule = new Lockstep(jobs(3), job -> 0, 4, 2);
        Simulation sim = simulate(schedule, new double[] {1, 1}, 4, new int[] {4, 4, 4}, zeros(3));
        assertThat(sim.makespan()).isEqualTo(6);
        assertThat(sim.largestSpread()).isLessThanOrEqualTo(1);
    }

    @Test
    void aSlowerSlotTakesFewerTurnsAndNoSlotWaitsForIt() {
        Lockstep schedule = new Lockstep(jobs(4), job -> 0, 6, 2);
        Simulation sim = simulate(schedule, new double[] {1, 3}, 6, new int[] {6, 6, 6, 6}, zeros(4));
        assertThat(schedule.outcomes().values()).extracting(MemberStatus::epochs).containsOnly(6);
        assertThat(sim.turnsBySlot()[0]).isGreaterThan(2 * sim.turnsBySlot()[1]);
        // 24 member-epochs at a combined 4/3 epochs per second: 18 s without idling; the last turns add a little
        assertThat(sim.makespan()).isLessThan(21);
    }

    @Test
    void aMemberThatStopsEarlyLeavesTheSlotsToTheOthers() {
        Lockstep schedule = new Lockstep(jobs(3), job -> 0, 5, 2);
        Simulation sim = simulate(schedule, new double[] {1, 1}, 5, new int[] {2, 5, 5}, zeros(3));
        Map<Integer, MemberStatus> out = schedule.outcomes();
        assertThat(out.get(0).epochs()).isEqualTo(2);
        assertThat(out.get(1).epochs()).isEqualTo(5);
        assertThat(out.get(2).epochs()).isEqualTo(5);
        assertThat(sim.makespan()).as("12 member-epochs on 2 slots").isEqualTo(6);
    }

    @Test
    void asManySlotsAsMembersTrainEachMemberInOneTurnFromWhereItStands() {
        Lockstep schedule = new Lockstep(jobs(2), job -> job.member() == 0 ? 3 : 0, 4, 2);
        Simulation sim = simulate(schedule, new double[] {1, 1}, 4, new int[] {4, 4}, Map.of(0, 3, 1, 0));
        assertThat(sim.turns()).isEqualTo(2);
        assertThat(schedule.outcomes().values()).extracting(MemberStatus::epochs).containsOnly(4);
    }

    @Test
    void aTurnThatPausesEarlyFailsItsMemberInsteadOfLoopingForever() throws Exception {
        Lockstep schedule = new Lockstep(jobs(3), job -> 0, 4, 1);
        Lockstep.Turn turn = schedule.next().orElseThrow();
        assertThat(turn.untilEpoch()).isEqualTo(1);
        schedule.finish(turn, status(turn.job(), 0, false));
        assertThat(schedule.outcomes().get(0).isFailed()).isTrue();
        assertThat(schedule.outcomes().get(0).error()).contains("paused after epoch 0");
    }

    /** Four threads on a two-slot schedule: one that finds every member busy waits, and all end once the last member is done. */
    @Test
    void slotThreadsWaitForAPausedMemberAndAllEnd() throws Exception {
        Lockstep schedule = new Lockstep(jobs(3), job -> 0, 3, 2);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int s = 0; s < 4; s++) {
            threads.submit(() -> {
                Optional<Lockstep.Turn> next;
                while ((next = schedule.next()).isPresent()) {
                    Lockstep.Turn t = next.get();
                    Thread.sleep(2);
                    boolean finished = t.untilEpoch() >= 3;
                    schedule.finish(t, status(t.job(), t.untilEpoch(), finished));
                }
                return null;
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(schedule.outcomes().values()).extracting(MemberStatus::epochs).containsOnly(3);
    }
}

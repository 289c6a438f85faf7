package org.eagerae.ensemble;

import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberState;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunLock;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSchedule;
import org.eagerae.run.RunSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.StoppingRule;

/**
 * Trains the members of a run with a backend, keeping the run folder current as it goes: the
 * run's lock is held throughout; each member's folder is brought to a state training can continue
 * from (damaged rows and checkpoints repaired, saying so); {@code metrics.csv} is rebuilt from the
 * members' own files, gets each epoch's row as it finishes, and is rebuilt again at the end;
 * {@code schedule.csv} gets each epoch's time on the run's clock; each member's outcome is written
 * to {@code run.json} as it ends. Members already finished (on a
 * resumed run) are not trained again. When this returns, no member is pending. Runs start and resume
 * through {@link Training}, the one way in.
 */
final class Ensemble {

    private Ensemble() {}

    /**
     * Trains every member of the run that has not finished.
     *
     * @param run      the run folder, whose {@code run.json} holds {@code manifest}
     * @param manifest the run's manifest as it stands
     * @param backend  what trains the members (the caller closes it)
     * @param listener progress callbacks (called one at a time) and warnings
     * @return the final manifest, also written to {@code run.json}
     * @throws org.eagerae.InvalidInputException another live process trains the run
     */
    static RunManifest train(RunDirectory run, RunManifest manifest, Backend backend, EnsembleListener listener) {
        try (RunLock lock = run.lock(listener::onWarning)) {
            RunSpec spec = manifest.spec();
            ManifestKeeper keeper = new ManifestKeeper(run, manifest.withInvocation(RunManifest.Invocation.now(backend.execution())));
            List<MemberJob> todo = new ArrayList<>();
            for (MemberJob job : spec.jobs()) {
                int kept = run.member(job.member()).recover(listener::onWarning).epochs().size();
                MemberStatus status = manifest.members().get(job.member());
                if (!status.isFinished() || status.epochs() != kept) {
                    todo.add(job);
                }
            }
            run.consolidateMetrics(spec.members());
            long start = System.nanoTime();
            if (!todo.isEmpty()) {
                RunClock clock = new RunClock(run);
                EnsembleListener events = new ForwardingListener(listener) {
                    @Override
                    public void onStart(int member, int firstEpoch, int maxEpochs, int batches) {
                        clock.started(member);
                        super.onStart(member, firstEpoch, maxEpochs, batches);
                    }

                    @Override
                    public void onEpoch(EpochRecord record) {
                        run.appendMetrics(record);
                        clock.ended(record.member(), record.epoch());
                        super.onEpoch(record);
                    }

                    @Override
                    public void onRestart(int member, long seed, String reason) {
                        run.dropMetrics(member);
                        super.onRestart(member, seed, reason);
                    }

                    @Override
                    public void onMemberDone(MemberStatus status) {
                        keeper.update(status);
                        super.onMemberDone(status);
                    }
                };
                if (spec.training().stop() instanceof StoppingRule.Auto auto) {
                    new EagerRounds(run, spec, auto, backend, events, keeper).train(todo);
                } else {
                    keeper.settle(todo, backend.run(run, spec, todo, events));
                }
            }
            run.consolidateMetrics(spec.members());
            return keeper.finish((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The run's clock for this invocation ({@link RunSchedule}): it starts when the first member
     * starts training, goes on from the previous invocation's last recorded time, and writes each
     * epoch's start and end to {@code schedule.csv} as the epoch ends. A member's epoch starts
     * when its turn starts or when its previous epoch ended. Called one event at a time.
     */
    private static final class RunClock {
        private final RunDirectory run;
        private final Map<Integer, Double> epochStarts = new HashMap<>();
        private RunSchedule schedule;
        private long origin = -1;

        RunClock(RunDirectory run) {
            this.run = run;
            this.schedule = run.readSchedule();
        }

        private double now() {
            if (origin < 0) {
                origin = System.nanoTime() - (long) (schedule.lastEnd() * 1e9);
            }
            return (System.nanoTime() - origin) / 1e9;
        }

        synchronized void started(int member) {
            epochStarts.put(member, now());
        }

        synchronized void ended(int member, int epoch) {
            double end = now();
            schedule = schedule.with(new RunSchedule.Entry(member, epoch, epochStarts.getOrDefault(member, end), end));
            epochStarts.put(member, end);
            run.writeSchedule(schedule);
        }
    }

    /** Holds the latest manifest and writes it whenever it changes. */
    private static final class ManifestKeeper implements EagerRounds.Keeper {
        private final RunDirectory run;
        private RunManifest manifest;

        ManifestKeeper(RunDirectory run, RunManifest manifest) {
            this.run = run;
            this.manifest = manifest;
            run.writeManifest(manifest);
        }

        @Override
        public synchronized MemberStatus current(int member) {
            return manifest.members().get(member);
        }

        @Override
        public synchronized void update(MemberStatus status) {
            manifest = manifest.withMember(status);
            run.writeManifest(manifest);
        }

        /**
         * Records the statuses the backend returned, and fails every job that came back without
         * an outcome: no member stays pending once the backend is done.
         */
        synchronized void settle(List<MemberJob> jobs, List<MemberStatus> returned) {
            Map<Integer, MemberStatus> byMember = new HashMap<>();
            returned.forEach(s -> byMember.put(s.member(), s));
            for (MemberJob job : jobs) {
                MemberStatus status = byMember.get(job.member());
                if (status == null || status.state() == MemberState.PENDING) {
                    status = MemberStatus.failed(job, 0, "the backend returned no outcome for this member");
                }
                if (!status.equals(manifest.members().get(job.member()))) {
                    update(status);
                }
            }
        }

        synchronized RunManifest finish(double wallSeconds) {
            for (MemberStatus m : manifest.members()) {
                if (m.state() == MemberState.PENDING) {
                    throw new IllegalStateException("member " + m.member() + " is still pending after training: a bug in the backend");
                }
            }
            manifest = manifest.finished(wallSeconds);
            run.writeManifest(manifest);
            return manifest;
        }
    }
}

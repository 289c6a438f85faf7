package org.eagerae.ensemble;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eagerae.train.EpochRecord;

/**
 * Trains the members of a run with a backend, keeping the run folder current as it goes: the
 * run's lock is held throughout; each member's folder is brought to a state training can continue
 * from (damaged rows and checkpoints repaired, saying so); {@code metrics.csv} is rebuilt from the
 * members' own files, gets each epoch's row as it finishes, and is rebuilt again at the end; each
 * member's outcome is written to {@code run.json} as it ends. Members already finished (on a
 * resumed run) are not trained again. When this returns, no member is pending.
 */
public final class Ensemble {

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
    public static RunManifest train(RunDirectory run, RunManifest manifest, Backend backend, EnsembleListener listener) {
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
                List<MemberStatus> statuses = backend.run(run, spec, todo, new EnsembleListener() {
                    @Override
                    public void onStart(int member, int firstEpoch, int maxEpochs, int batches) {
                        listener.onStart(member, firstEpoch, maxEpochs, batches);
                    }

                    @Override
                    public void onBatch(int member, int epoch, int batch, int batches, double loss) {
                        listener.onBatch(member, epoch, batch, batches, loss);
                    }

                    @Override
                    public void onEpoch(EpochRecord record) {
                        run.appendMetrics(record);
                        listener.onEpoch(record);
                    }

                    @Override
                    public void onWarning(String message) {
                        listener.onWarning(message);
                    }

                    @Override
                    public void onRestart(int member, long seed, String reason) {
                        run.dropMetrics(member);
                        listener.onRestart(member, seed, reason);
                    }

                    @Override
                    public void onMemberDone(MemberStatus status) {
                        keeper.update(status);
                        listener.onMemberDone(status);
                    }
                });
                keeper.settle(todo, statuses);
            }
            run.consolidateMetrics(spec.members());
            return keeper.finish((System.nanoTime() - start) / 1e9);
        }
    }

    /** Holds the latest manifest and writes it whenever it changes. */
    private static final class ManifestKeeper {
        private final RunDirectory run;
        private RunManifest manifest;

        ManifestKeeper(RunDirectory run, RunManifest manifest) {
            this.run = run;
            this.manifest = manifest;
            run.writeManifest(manifest);
        }

        synchronized void update(MemberStatus status) {
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

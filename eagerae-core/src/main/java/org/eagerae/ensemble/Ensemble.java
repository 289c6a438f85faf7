package org.eagerae.ensemble;

import java.util.List;
import org.eagerae.train.EpochRecord;

/**
 * Trains the members of a run with its backend, keeping the run folder current as it goes: each
 * epoch's row is appended to {@code metrics.csv} as it finishes, each member's outcome is written
 * to {@code run.json} as it ends, and at the end {@code metrics.csv} is consolidated from the
 * members' own files. Members already finished (on a resumed run) are not trained again.
 */
public final class Ensemble {

    private Ensemble() {}

    /**
     * Trains every member of the run that has not finished.
     *
     * @param run      the run folder, whose {@code run.json} holds {@code manifest}
     * @param manifest the run's manifest as it stands
     * @param listener progress callbacks (called one at a time)
     * @return the final manifest, also written to {@code run.json}
     */
    public static RunManifest train(RunDirectory run, RunManifest manifest, EnsembleListener listener) {
        return train(run, manifest, listener, Backend.named(manifest.config().backend()));
    }

    /** Trains every member of the run that has not finished, on the given backend (for example warm workers). */
    public static RunManifest train(RunDirectory run, RunManifest manifest, EnsembleListener listener, Backend backend) {
        RunConfig config = manifest.config();
        List<MemberJob> todo = config.jobs().stream()
                .filter(job -> !"finished".equals(manifest.members().get(job.member()).state()))
                .toList();
        run.consolidateMetrics(config.members());
        ManifestKeeper keeper = new ManifestKeeper(run, manifest);
        long start = System.nanoTime();
        if (!todo.isEmpty()) {
            backend.run(run, config, todo, new EnsembleListener() {
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
                public void onMemberDone(MemberStatus status) {
                    keeper.update(status);
                    listener.onMemberDone(status);
                }
            });
        }
        run.consolidateMetrics(config.members());
        return keeper.finish((System.nanoTime() - start) / 1e9);
    }

    /** Holds the latest manifest and writes it whenever it changes. */
    private static final class ManifestKeeper {
        private final RunDirectory run;
        private RunManifest manifest;

        ManifestKeeper(RunDirectory run, RunManifest manifest) {
            this.run = run;
            this.manifest = manifest;
        }

        synchronized void update(MemberStatus status) {
            manifest = manifest.withMember(status);
            run.writeManifest(manifest);
        }

        synchronized RunManifest finish(double wallSeconds) {
            manifest = manifest.finished(wallSeconds);
            run.writeManifest(manifest);
            return manifest;
        }
    }
}

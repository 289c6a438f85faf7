package org.eagerae.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.MembersFailedException;
import org.eagerae.run.MemberState;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.testing.TinyRuns;
import org.eagerae.worker.WorkerMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An experiment whose ensemble members fail stops there, naming each failed member and its root cause. */
@Tag("process")
class ExperimentFailureTest {

    @TempDir
    Path tmp;

    @Test
    void membersThatFailStopTheExperimentNamingEachWithItsCause() throws Exception {
        Path data = TinyRuns.writeIdxFolder(tmp.resolve("data"), 400, 50);
        ExperimentLayout layout = new ExperimentLayout(tmp.resolve("exp"));
        ExperimentConfig config = new ExperimentConfig("mnist-small", data.toString(), 2, 1, 1, 1, 1, List.of(1), 2, true, false);
        layout.writeConfig(config);
        Experiment experiment = new Experiment(layout, config, 1, s -> { }, EnsembleListener.NONE, seed -> TinyRuns.idx(data, 200, 100, seed));
        // worker JVMs given a class path without eagerae: they cannot start
        System.setProperty("eagerae.worker.classPath", tmp.resolve("data").toString());
        MembersFailedException e;
        try {
            e = catchThrowableOfType(experiment::run, MembersFailedException.class);
        } finally {
            System.clearProperty("eagerae.worker.classPath");
        }
        Path ensemble = layout.run(1, Experiment.ENSEMBLE);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("ensemble run of repeat 1 (" + ensemble + "): 2 of 2 members failed: m00: worker process died"
                + " (exit code 1) before its first batch: Error: Could not find or load main class " + WorkerMain.class.getName()
                + "; give workers eagerae's class path with -Deagerae.worker.classPath=...").contains("; m01: worker process died");
        assertThat(e.outOfMemory()).isFalse();
        assertThat(RunDirectory.open(ensemble).readManifest().members()).extracting(MemberStatus::state).containsOnly(MemberState.FAILED);
        assertThat(RunDirectory.open(layout.run(1, Experiment.MONOLITHIC)).readManifest().anyFailed()).isFalse();
    }
}

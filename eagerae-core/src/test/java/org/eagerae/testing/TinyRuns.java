package org.eagerae.testing;

import java.nio.file.Path;
import org.eagerae.data.DataSource;
import org.eagerae.ensemble.Ensemble;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.InlineBackend;
import org.eagerae.ensemble.RunDirectory;
import org.eagerae.ensemble.RunManifest;
import org.eagerae.ensemble.RunSpec;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;

/** Small data and small runs for tests that need trained autoencoders. */
public final class TinyRuns {

    private TinyRuns() {}

    /**
     * Bar images of 10 classes in IDX files under {@code dir}: {@code train + val} in the training
     * file, {@code test} more (another draw) in the test file.
     */
    public static DataSource barsInIdx(Path dir, int train, int val, int test) throws java.io.IOException {
        Path data = IdxFiles.writeMnistLayout(dir, TinyImages.bars(train + val, 1, 28, 10, 1), TinyImages.bars(test, 1, 28, 10, 2));
        return new DataSource("idx", data.toString(), data.toString(), train, val, 0, 1);
    }

    /** {@code members} autoencoders trained inline for {@code epochs} epochs, batch 50, seed 1, in {@code dir}. */
    public static RunDirectory trainInline(Path dir, DataSource source, int members, int epochs) {
        RunSpec spec = new RunSpec(source, CaeSpec.mnist(), members, 1, new TrainingOptions(50, 1e-3f, epochs, new StoppingRule.None(), false), 1);
        RunDirectory run = RunDirectory.create(dir);
        RunManifest manifest = RunManifest.start(spec);
        run.writeManifest(manifest);
        Ensemble.train(run, manifest, new InlineBackend(), EnsembleListener.NONE);
        return run;
    }
}

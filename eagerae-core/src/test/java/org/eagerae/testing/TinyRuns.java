package org.eagerae.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.data.DataSource;
import org.eagerae.data.ImageDataset;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.Training;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.InlineBackend;
import org.eagerae.io.Npy;
import org.eagerae.model.CaeSpec;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;

/** Small data and small runs for tests that need trained autoencoders. */
public final class TinyRuns {

    private TinyRuns() {}

    /**
     * Writes 28x28 bar images of 10 classes in MNIST's IDX layout under {@code dir}: {@code train}
     * images in the training file, {@code test} more (another draw) in the test file; returns {@code dir}.
     */
    public static Path writeIdxFolder(Path dir, int train, int test) throws IOException {
        return writeIdxFolder(dir, train, test, 28);
    }

    /** As {@link #writeIdxFolder(Path, int, int)}, with images of {@code size x size}. */
    public static Path writeIdxFolder(Path dir, int train, int test, int size) throws IOException {
        return IdxFiles.writeMnistLayout(dir, TinyImages.bars(train, 1, size, 10, 1), TinyImages.bars(test, 1, size, 10, 2));
    }

    /**
     * Writes the images and labels as {@code numpy.save} would, into {@code images.npy} (float32,
     * N x C x H x W) and {@code labels.npy} (int32) under {@code dir}, the values as they are,
     * whether in [0,1] or not; returns {@code dir}.
     */
    public static Path writeNpyFolder(Path dir, ImageDataset data) throws IOException {
        Files.createDirectories(dir);
        Npy.write(dir.resolve("images.npy"), data.pixels(), data.size(), data.channels(), data.height(), data.width());
        Npy.write(dir.resolve("labels.npy"), data.labels(), data.size());
        return dir;
    }

    /**
     * The IDX folder {@code dir} as a run's data: {@code train} training and {@code val} validation
     * images drawn from its training file with split seed 1, and all its test images.
     */
    public static DataSource idx(Path dir, int train, int val) {
        return idx(dir, train, val, 1);
    }

    /**
     * As {@link #idx(Path, int, int)}, drawn with {@code splitSeed}. Every test that needs a
     * {@link DataSource} gets it here, so that only this method knows how one is made.
     */
    public static DataSource idx(Path dir, int train, int val, long splitSeed) {
        return new DataSource.Idx(dir.toString(), train, val, 0, splitSeed);
    }

    /**
     * Bar images of 10 classes in IDX files under {@code dir} ({@code train + val} in the training
     * file, {@code test} more in the test file), as a run's data of {@code train} training and
     * {@code val} validation images.
     */
    public static DataSource barsInIdx(Path dir, int train, int val, int test) throws IOException {
        return idx(writeIdxFolder(dir, train + val, test), train, val);
    }

    /** K MNIST-shaped members for a few epochs, batch 100, seed 4, one intra-op thread each (as a test JVM's engine runs). */
    public static RunSpec spec(DataSource source, int members, int epochs, boolean bootstrap) {
        return new RunSpec(source, CaeSpec.mnist(), members, 4, TrainingOptions.paper(epochs).withBootstrap(bootstrap), 1);
    }

    /** {@code members} autoencoders trained inline for {@code epochs} epochs, batch 50, seed 1, in {@code dir}. */
    public static RunDirectory trainInline(Path dir, DataSource source, int members, int epochs) {
        RunSpec spec = new RunSpec(source, CaeSpec.mnist(), members, 1, TrainingOptions.paper(epochs).withBatchSize(50), 1);
        train(dir, spec, new InlineBackend());
        return RunDirectory.open(dir);
    }

    /** Starts a run of {@code spec} in the new folder {@code dir} and trains it on {@code backend}, which is closed after. */
    public static RunManifest train(Path dir, RunSpec spec, Backend backend) {
        return train(dir, spec, backend, EnsembleListener.NONE);
    }

    /** As {@link #train(Path, RunSpec, Backend)}, telling {@code listener} of the progress. */
    public static RunManifest train(Path dir, RunSpec spec, Backend backend, EnsembleListener listener) {
        try (backend) {
            return Training.run(Training.start(spec, dir, backend), backend, listener);
        }
    }

    /** Continues the run in {@code dir} on {@code backend}, as {@code train --resume} does. */
    public static RunManifest resume(Path dir, Backend backend) {
        try (backend) {
            return Training.run(RunDirectory.open(dir), backend, EnsembleListener.NONE);
        }
    }

    /** Every row of the run's metrics.csv, losses exactly as written. */
    public static List<String> losses(Path dir) {
        return RunDirectory.open(dir).readMetrics().stream()
                .map(r -> r.member() + ":" + r.epoch() + ":" + r.trainLoss() + ":" + r.valLoss()).toList();
    }
}

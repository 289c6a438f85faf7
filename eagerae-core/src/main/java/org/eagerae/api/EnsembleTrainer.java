package org.eagerae.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.eagerae.data.ArrayFolder;
import org.eagerae.data.DataSource;
import org.eagerae.data.UnlabelledImages;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.Backends;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.MembersFailedException;
import org.eagerae.ensemble.Training;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.model.Architecture;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;

/**
 * Trains an ensemble of autoencoders from Java, as {@code eagerae train} does, into a new run
 * folder: on a published dataset, or on labelled images held in memory (kept in the run folder as
 * NumPy arrays, so that worker processes and later commands read the same images).
 * <pre>{@code
 * Path run = EnsembleTrainer.onImages(images, labels, 1, 28, 28).split(800, 200)
 *         .members(5).epochs(5).out(Path.of("runs/mine")).train();
 * }</pre>
 * The engine reads its thread count once per JVM (system property {@code ai.djl.pytorch.num_threads},
 * set before the first call); the inline backend trains with the threads the JVM's engine has.
 */
public final class EnsembleTrainer {

    private final String dataset;
    private final Path dataDir;
    private final float[][] images;
    private final int[] labels;
    private final int[] shape;
    private int trainSize = 4800;
    private int valSize = 1200;
    private int members = 5;
    private int epochs = 5;
    private long seed = 1;
    private String backend;
    private final Map<String, String> backendSettings = new LinkedHashMap<>();
    private Path out;
    private EnsembleListener listener = EnsembleListener.NONE;
    private StoppingRule stop = new StoppingRule.None();
    private Architecture architecture;
    private Path unlabelled;

    private EnsembleTrainer(String dataset, Path dataDir, float[][] images, int[] labels, int[] shape) {
        this.dataset = dataset;
        this.dataDir = dataDir;
        this.images = images;
        this.labels = labels;
        this.shape = shape;
    }

    /** An ensemble on a published dataset ({@code mnist}, {@code fashion-mnist}, {@code cifar10}) kept in (or fetched into) {@code dataDir}. */
    public static EnsembleTrainer onDataset(String dataset, Path dataDir) {
        return new EnsembleTrainer(dataset, dataDir, null, null, null);
    }

    /**
     * An ensemble on labelled images: each {@code channels x height x width} floats in [0,1] (planes
     * one after the other), labels from 0. {@link #split} takes the training and validation images
     * from them at random (seeded); the rest are the test images.
     */
    public static EnsembleTrainer onImages(float[][] images, int[] labels, int channels, int height, int width) {
        return new EnsembleTrainer("npy", null, images, labels, new int[] {channels, height, width});
    }

    /** Training and validation images (default 4,800 and 1,200, the paper's MNIST small). */
    public EnsembleTrainer split(int train, int validation) {
        this.trainSize = train;
        this.valSize = validation;
        return this;
    }

    /** Autoencoders to train, K (default 5). */
    public EnsembleTrainer members(int k) {
        this.members = k;
        return this;
    }

    /** Epochs per member (default 5); members train all of them, checkpoints are picked later. */
    public EnsembleTrainer epochs(int n) {
        this.epochs = n;
        return this;
    }

    /** The run's seed (default 1): members' seeds and the split are drawn from it. */
    public EnsembleTrainer seed(long s) {
        this.seed = s;
        return this;
    }

    /**
     * {@code inline}, {@code processes}, or another backend on the class path, such as {@code spark}
     * from the {@code eagerae-spark} module (default: processes for more than one member, as on the
     * command line).
     */
    public EnsembleTrainer backend(String name) {
        this.backend = name;
        return this;
    }

    /**
     * A setting of the backend, as the command line's backend options give it; for {@code spark}:
     * {@code spark.master} ({@code --spark-master}) and any Spark setting ({@code --spark-conf}).
     */
    public EnsembleTrainer backendSetting(String key, String value) {
        backendSettings.put(key, value);
        return this;
    }

    /** The new run folder (required; must not exist or be empty). */
    public EnsembleTrainer out(Path folder) {
        this.out = folder;
        return this;
    }

    /**
     * How the members stop (default: none, every member trains {@link #epochs} epochs). {@link StoppingRule.Auto}
     * stops the whole ensemble when a validation probe of its vote stops improving, {@link #epochs} being the cap:
     * {@code .stop(StoppingRule.Auto.defaults()).epochs(30)}.
     */
    public EnsembleTrainer stop(StoppingRule rule) {
        this.stop = Objects.requireNonNull(rule, "rule");
        return this;
    }

    /**
     * The autoencoders' layers (default: the paper's preset for the images, {@link Architecture#presetFor}), e.g.
     * {@code .architecture(new Architecture(List.of(16, 32, 64), 3, 2))}; image sides that the pooling does not
     * divide are padded ({@link CaeSpec}).
     */
    public EnsembleTrainer architecture(Architecture layers) {
        this.architecture = Objects.requireNonNull(layers, "layers");
        return this;
    }

    /**
     * Images without labels that the autoencoders also train on, as {@code eagerae train --unlabelled}: a folder of PNG or
     * JPEG images of the model's size (sub-folders or not), an IDX image file, or a NumPy {@code .npy} file of float32 images
     * (N, C, H, W) in [0, 1]. A tenth of them join the reconstruction loss's validation images; the classifiers'
     * standardisation, principal components and label spreading read the rest too, never with labels of their own (the spread
     * heads train on the labels spreading gives them).
     * {@code run.json} records their path, counts and checksum, and later commands refuse them if they change.
     */
    public EnsembleTrainer unlabelled(Path images) {
        this.unlabelled = Objects.requireNonNull(images, "images");
        return this;
    }

    /** Hears every member's batches, epochs and end (and the probe's scores, with {@link StoppingRule.Auto}). */
    public EnsembleTrainer listener(EnsembleListener l) {
        this.listener = l;
        return this;
    }

    /**
     * Trains every member and returns the run folder.
     *
     * @throws org.eagerae.InvalidInputException images, labels or settings that cannot be trained on
     *         (pixels outside [0,1], say), before anything is written
     * @throws MembersFailedException when a member failed: the message names each failed member and why (so does the
     *         run folder's {@code run.json}); the others trained, and {@code eagerae train --resume --out} that folder
     *         continues the run
     */
    public Path train() {
        if (out == null) {
            throw new IllegalArgumentException("out(folder) is required");
        }
        if (images != null) {
            ArrayFolder.check(images, labels, shape[0], shape[1], shape[2]); // before the run folder is made
            if (architecture != null) {
                CaeSpec.of(shape[0], shape[1], shape[2], architecture); // the layers fit the images, before the run folder is made
            }
        }
        UnlabelledImages extra = unlabelled == null ? null : readUnlabelled(); // read and checked before the run folder is made
        Execution execution = Training.execution(Optional.ofNullable(backend).map(BackendName::of), OptionalInt.empty(), members, backendSettings);
        RunManifest done;
        try (Backend runner = Backends.open(execution)) {
            RunDirectory run = Training.start(out, folder -> spec(folder, Training.threadsPerMember(runner, members)).withUnlabelled(extra), runner);
            done = Training.run(run, runner, listener);
        }
        if (done.anyFailed()) {
            throw new MembersFailedException("run " + out, done);
        }
        return out;
    }

    /** The unlabelled images recorded for a model of the labelled images' shape. */
    private UnlabelledImages readUnlabelled() {
        int[] s = images != null ? shape : published().shape();
        return UnlabelledImages.of(unlabelled, s[0], s[1], s[2]);
    }

    private DataSource published() {
        return new DataSource.Published(dataset, dataDir.toString(), trainSize, valSize, 0, seed);
    }

    /**
     * The run's settings; in-memory images are written into the run folder first. Stuck members are
     * started again, as on the command line.
     */
    private RunSpec spec(RunDirectory run, int threads) {
        DataSource source;
        if (images != null) {
            ArrayFolder.write(run.inputsDir(), images, labels, shape[0], shape[1], shape[2]);
            source = new DataSource.Npy(run.inputsDir().toAbsolutePath().toString(), trainSize, valSize, 0, seed);
        } else {
            source = published();
        }
        int[] s = source.shape();
        Architecture layers = architecture != null ? architecture : Architecture.presetFor(s[0], s[1], s[2]);
        return new RunSpec(source, CaeSpec.of(s[0], s[1], s[2], layers), members, seed,
                TrainingOptions.paper(epochs).withStop(stop).withRestartStuck(true), threads);
    }
}

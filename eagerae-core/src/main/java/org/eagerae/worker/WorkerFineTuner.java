package org.eagerae.worker;

import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.ClassifierTask;
import org.eagerae.classify.FineTuning;
import org.eagerae.classify.SupervisedTrainer;
import org.eagerae.io.ScratchFolder;
import org.eagerae.train.TrainingFailedException;

/**
 * Fine-tunes members in worker processes side by side, one member per worker: the engine allows one
 * gradient collector per process, so this is how fine-tuning uses every core. Each worker runs one
 * intra-op thread, so a member's numbers are those of fine-tuning it in one process with one thread.
 * A worker writes its member's result to a file in a temporary folder of its own, which this class reads
 * back and deletes; the workers log to the run's {@code logs/} folder.
 */
public final class WorkerFineTuner implements FineTuning, AutoCloseable {

    private final RunDirectory run;
    private final RunSpec spec;
    private final int workers;
    private final WorkerPool pool = new WorkerPool(1);
    private final BlockingQueue<Integer> freeSlots = new LinkedBlockingQueue<>();
    private final ScratchFolder scratch;

    /** Fine-tuning for the members of {@code run} (settings {@code spec}) on {@code workers} worker processes. */
    public WorkerFineTuner(RunDirectory run, RunSpec spec, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.run = run;
        this.spec = spec;
        this.workers = workers;
        IntStream.range(0, workers).forEach(freeSlots::add);
        this.scratch = ScratchFolder.temporary("eagerae-fine-tune-", "fine-tuned members");
    }

    @Override
    public int parallelism() {
        return workers;
    }

    @Override
    public FineTuning.Result fineTune(int member, Path checkpoint, ClassifierOptions settings, NDManager target,
            ClassifierListener listener, ClassifierTask task) {
        int slot = takeSlot();
        try {
            Path output = scratch.path().resolve(String.format("m%02d.safetensors", member));
            Path log = run.workerLog(slot);
            WorkerEvent.FineTuneDone done = pool.worker(slot, log).fineTune(spec, member, checkpoint, settings, output, pool.nextJobId(), log,
                    listener, task);
            if (done.error() != null) {
                throw new TrainingFailedException("fine-tuning member " + member + " failed: " + done.error());
            }
            NDList arrays = NDList.decode(target, Files.readAllBytes(output));
            Files.delete(output);
            NDArray probabilities = arrays.get(WorkerCommand.FineTuneMember.TEST_PROBABILITIES);
            NDArray validation = arrays.get(WorkerCommand.FineTuneMember.VALIDATION_PROBABILITIES);
            NDList weights = new NDList();
            arrays.stream().filter(a -> a != probabilities && a != validation).forEach(weights::add);
            return new FineTuning.Result(probabilities.toFloatArray(), validation.toFloatArray(), done.fit(), weights);
        } catch (IOException e) {
            throw new UncheckedIOException("fine-tuning member " + member + " on a worker: " + e.getMessage(), e);
        } finally {
            freeSlots.add(slot);
        }
    }

    private int takeSlot() {
        try {
            return freeSlots.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a worker", e);
        }
    }

    /** Ends the workers and deletes the temporary folder. */
    @Override
    public void close() {
        pool.close();
        scratch.close();
    }
}

package org.eagerae.ensemble;

import org.eagerae.InvalidInputException;
import org.eagerae.data.DataSource;
import org.eagerae.io.Bytes;
import org.eagerae.run.Environment;
import org.eagerae.run.Execution;
import org.eagerae.run.RunSpec;
import org.eagerae.model.CaeSpec;

/**
 * Refuses, before any data is read or anything written, settings whose memory needs are plainly
 * out of reach, and says what to change: images that would not fit the Java heap, and training
 * steps whose activations would not fit the machine's memory. Estimates, not measurements: they
 * catch sizes that are off by a large factor (images of 1x2000x2000 in batches
 * of 100), not runs that are merely tight.
 */
public final class MemoryCheck {

    /** Bytes a loaded image value costs in the heap: its float, a float of its split's copy, a byte while reading. */
    static final int HEAP_BYTES_PER_VALUE = 9;
    /** Training memory as a multiple of the forward pass's activations (kept for backward, gradients, scratch). */
    static final int TRAINING_FACTOR = 4;

    private MemoryCheck() {}

    /** Checks a run's settings against this JVM's heap limit and the machine's memory. */
    public static void requireFits(RunSpec spec, Execution execution) {
        int processes = Math.min(execution.parallelMembers(), spec.members());
        requireFits(spec.data(), spec.model(), spec.training().batchSize(), processes, Runtime.getRuntime().maxMemory(), physicalMemory());
    }

    /**
     * @param processes training processes at the same time
     * @param heap      bytes the Java heap may grow to
     * @param physical  bytes of memory the machine has
     */
    static void requireFits(DataSource data, CaeSpec spec, int batchSize, int processes, long heap, long physical) {
        String shape = spec.channels() + "x" + spec.height() + "x" + spec.width();
        long images = data.imageCount();
        double datasetBytes = (double) images * spec.imageSize() * HEAP_BYTES_PER_VALUE;
        if (datasetBytes > heap) {
            throw new InvalidInputException("loading " + images + " images of " + shape + " needs about " + Bytes.format(datasetBytes)
                    + " of Java heap, more than the " + Bytes.format(heap) + " this process may use; give the JVM more heap (-Xmx"
                    + Bytes.heapSetting(1.5 * datasetBytes) + "), or use fewer or smaller images");
        }
        double stepBytes = (double) batchSize * spec.activationValuesPerImage() * Float.BYTES * TRAINING_FACTOR;
        if (stepBytes * processes > physical) {
            throw new InvalidInputException("training on images of " + shape + " in batches of " + batchSize + " needs about "
                    + Bytes.format(stepBytes) + " per training process (" + processes + " at a time), more than this machine's "
                    + Bytes.format(physical) + "; use a smaller batch size or smaller images" + (processes > 1 ? ", or fewer workers" : ""));
        }
    }

    /** The machine's (or the container's) memory in bytes. */
    static long physicalMemory() {
        return Environment.physicalMemory();
    }
}

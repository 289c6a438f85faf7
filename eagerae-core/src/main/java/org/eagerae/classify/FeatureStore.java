package org.eagerae.classify;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.eagerae.io.ScratchFolder;

/**
 * Where encoder activations are kept while classifiers train: in files of a scratch folder mapped
 * into memory, outside the Java heap. The operating system pages them in and out, so the heap holds
 * one batch at a time however many images and members there are (MNIST-large: 0.44 GB of float32
 * activations per member; CIFAR-10's full split: 0.98 GB). Closing the store deletes its folder.
 */
public final class FeatureStore implements AutoCloseable {

    /** A matrix of one split's activations, filled batch by batch. */
    public interface Matrix extends Features {
        /** Writes {@code values} ({@code n x cols}, row-major) as rows {@code from .. from + n}. */
        void put(int from, float[] values);
    }

    private final ScratchFolder scratch;
    private final Path dir;
    private int files;

    private FeatureStore(ScratchFolder scratch) {
        this.scratch = scratch;
        this.dir = scratch.path();
    }

    /**
     * A store in a new {@link ScratchFolder} under the system's temporary folder ({@code java.io.tmpdir}),
     * which also removes the stores that killed processes left there.
     */
    public static FeatureStore temporary() {
        return new FeatureStore(ScratchFolder.temporary("eagerae-features-", "encoder activations"));
    }

    /** The folder of the store's files. */
    public Path folder() {
        return dir;
    }

    /** A new matrix of {@code rows x cols} floats in a file of its own. */
    public synchronized Matrix matrix(int rows, int cols) {
        long bytes = (long) rows * cols * Float.BYTES;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(rows + " x " + cols + " activations are more than 2 GiB in one file");
        }
        Path file = dir.resolve("features-" + (++files) + ".f32");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel channel = raf.getChannel()) {
            raf.setLength(bytes);
            FloatBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
            return new Mapped(buffer, rows, cols);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " for " + rows + " x " + cols + " activations", e);
        }
    }

    /** Deletes the store's files (their memory is returned when the mappings are collected). */
    @Override
    public void close() {
        scratch.close();
    }

    private record Mapped(FloatBuffer buffer, int rows, int cols) implements Matrix {
        @Override
        public void put(int from, float[] values) {
            buffer.put(from * cols, values);
        }

        @Override
        public void copyRow(int r, float[] dst, int offset) {
            buffer.get(r * cols, dst, offset, cols);
        }
    }
}

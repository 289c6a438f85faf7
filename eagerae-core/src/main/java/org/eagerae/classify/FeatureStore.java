package org.eagerae.classify;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eagerae.io.ScratchFolder;

/**
 * Where encoder activations are kept while classifiers train: in files of a scratch folder mapped
 * into memory, outside the Java heap. The operating system pages them in and out, so the heap holds
 * one batch at a time however many images and members there are (MNIST-large: 0.44 GB of float32
 * activations per member; CIFAR-10's full split: 0.98 GB). Closing the store unmaps its files at once
 * (not when the garbage collector gets to them, which left the files of earlier stores occupying
 * memory and disk) and deletes its folder; a matrix used after that throws instead of reading freed
 * memory.
 */
public final class FeatureStore implements AutoCloseable {

    /** A matrix of one split's activations, filled batch by batch. */
    public interface Matrix extends Features {
        /** Writes {@code values} ({@code n x cols}, row-major) as rows {@code from .. from + n}. */
        void put(int from, float[] values);
    }

    /** {@code sun.misc.Unsafe.invokeCleaner}, which unmaps a mapped buffer now; absent where the JVM does not offer it. */
    private static final Optional<MethodHandle> UNMAP = unmapper();

    private final ScratchFolder scratch;
    private final Path dir;
    private final List<MappedByteBuffer> mappings = new ArrayList<>();
    private volatile boolean closed;
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
        checkOpen();
        Path file = dir.resolve("features-" + (++files) + ".f32");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel channel = raf.getChannel()) {
            raf.setLength(bytes);
            MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
            mappings.add(mapping);
            return new Mapped(this, mapping.order(ByteOrder.nativeOrder()).asFloatBuffer(), rows, cols);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " for " + rows + " x " + cols + " activations", e);
        }
    }

    /** Unmaps the store's files and deletes them; the matrices can no longer be used. Call it once nothing reads them. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        UNMAP.ifPresent(unmap -> mappings.forEach(mapping -> {
            try {
                unmap.invokeExact((ByteBuffer) mapping);
            } catch (Throwable e) {
                // left to the garbage collector, as without the handle
            }
        }));
        mappings.clear();
        scratch.close();
    }

    private static Optional<MethodHandle> unmapper() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            MethodHandle invokeCleaner = MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class));
            return Optional.of(invokeCleaner.bindTo(field.get(null)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Throws once the store is closed: its activations are gone. */
    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the feature store in " + dir + " is closed: its activations are gone");
        }
    }

    /** One split's activations in a mapped file of {@code store}. */
    private record Mapped(FeatureStore store, FloatBuffer buffer, int rows, int cols) implements Matrix {
        @Override
        public void put(int from, float[] values) {
            store.checkOpen();
            buffer.put(from * cols, values);
        }

        @Override
        public void copyRow(int r, float[] dst, int offset) {
            store.checkOpen();
            buffer.get(r * cols, dst, offset, cols);
        }
    }
}

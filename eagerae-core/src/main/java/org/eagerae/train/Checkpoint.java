package org.eagerae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;
import org.eagerae.model.Cae;

/**
 * A member's state after an epoch: the weights and Adam's moments, enough to resume training
 * exactly or to use the encoder. Stored as {@code epoch-NNN.params} in the member's folder, always
 * written to a temporary file first and renamed into place.
 *
 * <p>The file proves that it is whole: it starts with the magic {@code EAE2} and its own length,
 * and ends with a CRC32 of everything before it; {@link #read} checks both. Files of the earlier
 * format ({@code EAE1}, no length or checksum) are still read.
 *
 * @param epoch      the epoch this state follows
 * @param adamSteps  Adam updates applied so far
 * @param weights    parameter values in {@link Cae#parameters()} order
 * @param means      Adam first moments, same order
 * @param variances  Adam second moments, same order
 */
public record Checkpoint(int epoch, long adamSteps, List<float[]> weights, List<float[]> means, List<float[]> variances) {

    private static final int MAGIC_V1 = 0x45414531; // "EAE1": no length, no checksum
    private static final int MAGIC = 0x45414532; // "EAE2"
    /** Magic and length before the content, CRC32 after it. */
    private static final int HEADER_BYTES = Integer.BYTES + Long.BYTES;
    private static final int TRAILER_BYTES = Long.BYTES;
    /** No parameter array of the models here comes near this many values. */
    private static final int MAX_ARRAY = 1 << 28;

    /** A checkpoint file that does not read back whole: truncated, altered, or not a checkpoint at all. */
    public static final class DamagedException extends InvalidInputException {
        private static final long serialVersionUID = 1L;

        DamagedException(Path file, String why) {
            super(file + ": checkpoint is damaged: " + why);
        }
    }

    /** Captures the current weights and optimiser state. */
    public static Checkpoint capture(int epoch, Cae cae, Adam adam) {
        return new Checkpoint(epoch, adam.steps(), values(cae.parameters().stream().map(Parameter::getArray).toList()),
                values(adam.means()), values(adam.variances()));
    }

    private static List<float[]> values(List<NDArray> arrays) {
        List<float[]> out = new ArrayList<>();
        for (NDArray a : arrays) {
            out.add(a.toFloatArray());
        }
        return out;
    }

    /** Copies the weights into a model of the same spec. */
    public void loadWeightsInto(Cae cae) {
        List<Parameter> params = cae.parameters();
        if (params.size() != weights.size()) {
            throw new InvalidInputException("checkpoint has " + weights.size() + " parameters but the model "
                    + cae.spec().describe() + " has " + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            NDArray array = params.get(i).getArray();
            if (array.size() != weights.get(i).length) {
                throw new InvalidInputException("checkpoint parameter " + i + " has " + weights.get(i).length
                        + " values but the model's '" + params.get(i).getName() + "' has " + array.size());
            }
            array.set(weights.get(i));
        }
    }

    /** Writes this checkpoint atomically. */
    public void write(Path file) {
        byte[] bytes = toBytes();
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** The file's bytes: magic, length, content, CRC32. */
    byte[] toBytes() {
        int size = HEADER_BYTES + Integer.BYTES + Long.BYTES + Integer.BYTES + TRAILER_BYTES;
        for (int i = 0; i < weights.size(); i++) {
            size += 3 * Integer.BYTES + Float.BYTES * (weights.get(i).length + means.get(i).length + variances.get(i).length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putInt(MAGIC).putLong(size).putInt(epoch).putLong(adamSteps).putInt(weights.size());
        for (int i = 0; i < weights.size(); i++) {
            putArray(buffer, weights.get(i));
            putArray(buffer, means.get(i));
            putArray(buffer, variances.get(i));
        }
        buffer.putLong(crc(buffer.array(), size - TRAILER_BYTES));
        return buffer.array();
    }

    private static void putArray(ByteBuffer buffer, float[] values) {
        buffer.putInt(values.length);
        buffer.asFloatBuffer().put(values);
        buffer.position(buffer.position() + Float.BYTES * values.length);
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    /**
     * Reads a checkpoint and checks that it is whole.
     *
     * @throws DamagedException      the file is truncated, altered or no checkpoint (its message names the file)
     * @throws InvalidInputException the file is missing
     */
    public static Checkpoint read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": checkpoint file is missing");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read checkpoint", e);
        }
        return of(bytes, file);
    }

    /**
     * A checkpoint from the bytes of its file (read elsewhere, say, and sent here), checked as {@link #read} checks it.
     *
     * @param file the file the bytes were read from, for messages
     * @throws DamagedException the bytes are truncated, altered or no checkpoint
     */
    public static Checkpoint of(byte[] bytes, Path file) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            int magic = buffer.getInt();
            if (magic == MAGIC_V1) {
                return parse(buffer, file);
            }
            if (magic != MAGIC) {
                throw new DamagedException(file, "not an eagerae checkpoint (magic " + Integer.toHexString(magic) + ")");
            }
            long declared = buffer.getLong();
            if (declared != bytes.length) {
                throw new DamagedException(file, String.format(Locale.ROOT, "%d bytes where its header says %d%s", bytes.length,
                        declared, bytes.length < declared ? " (truncated)" : ""));
            }
            long stored = ByteBuffer.wrap(bytes, bytes.length - TRAILER_BYTES, TRAILER_BYTES).getLong();
            long actual = crc(bytes, bytes.length - TRAILER_BYTES);
            if (stored != actual) {
                throw new DamagedException(file, String.format(Locale.ROOT, "CRC32 %08x, expected %08x", actual, stored));
            }
            Checkpoint checkpoint = parse(buffer, file);
            if (buffer.position() != bytes.length - TRAILER_BYTES) {
                throw new DamagedException(file, "content ends at byte " + buffer.position() + " of " + bytes.length);
            }
            return checkpoint;
        } catch (BufferUnderflowException e) {
            throw new DamagedException(file, "truncated after " + bytes.length + " bytes");
        }
    }

    private static Checkpoint parse(ByteBuffer buffer, Path file) {
        int epoch = buffer.getInt();
        long steps = buffer.getLong();
        int count = buffer.getInt();
        if (count < 0 || count > 1000) {
            throw new DamagedException(file, "implausible parameter count " + count);
        }
        List<float[]> w = new ArrayList<>();
        List<float[]> m = new ArrayList<>();
        List<float[]> v = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            w.add(getArray(buffer, file));
            m.add(getArray(buffer, file));
            v.add(getArray(buffer, file));
        }
        return new Checkpoint(epoch, steps, w, m, v);
    }

    private static float[] getArray(ByteBuffer buffer, Path file) {
        int n = buffer.getInt();
        if (n < 0 || n > MAX_ARRAY || (long) n * Float.BYTES > buffer.remaining()) {
            throw new DamagedException(file, "implausible array length " + n + " at byte " + (buffer.position() - Integer.BYTES));
        }
        float[] values = new float[n];
        buffer.asFloatBuffer().get(values);
        buffer.position(buffer.position() + Float.BYTES * n);
        return values;
    }
}

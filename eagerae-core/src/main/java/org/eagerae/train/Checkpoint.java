package org.eagerae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;
import org.eagerae.model.Cae;

/**
 * A member's state after an epoch: the weights and Adam's moments, enough to resume training
 * exactly or to use the encoder. Stored as {@code epoch-NNN.params} in the member's folder, always
 * written to a temporary file first and renamed into place.
 *
 * @param epoch      the epoch this state follows
 * @param adamSteps  Adam updates applied so far
 * @param weights    parameter values in {@link Cae#parameters()} order
 * @param means      Adam first moments, same order
 * @param variances  Adam second moments, same order
 */
public record Checkpoint(int epoch, long adamSteps, List<float[]> weights, List<float[]> means, List<float[]> variances) {

    private static final int MAGIC = 0x45414531; // "EAE1"

    /** The file name of an epoch's checkpoint. */
    public static String fileName(int epoch) {
        return String.format("epoch-%03d.params", epoch);
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
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
            data.writeInt(MAGIC);
            data.writeInt(epoch);
            data.writeLong(adamSteps);
            data.writeInt(weights.size());
            for (int i = 0; i < weights.size(); i++) {
                writeArray(data, weights.get(i));
                writeArray(data, means.get(i));
                writeArray(data, variances.get(i));
            }
            data.flush();
        });
    }

    private static void writeArray(DataOutputStream data, float[] values) throws IOException {
        data.writeInt(values.length);
        for (float v : values) {
            data.writeFloat(v);
        }
    }

    /** Reads a checkpoint; a damaged or foreign file is an {@link InvalidInputException}. */
    public static Checkpoint read(Path file) {
        try (DataInputStream data = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int magic = data.readInt();
            if (magic != MAGIC) {
                throw new InvalidInputException(file + ": not an eagerae checkpoint (magic " + Integer.toHexString(magic) + ")");
            }
            int epoch = data.readInt();
            long steps = data.readLong();
            int count = data.readInt();
            List<float[]> w = new ArrayList<>();
            List<float[]> m = new ArrayList<>();
            List<float[]> v = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                w.add(readArray(data));
                m.add(readArray(data));
                v.add(readArray(data));
            }
            return new Checkpoint(epoch, steps, w, m, v);
        } catch (EOFException e) {
            throw new InvalidInputException(file + ": checkpoint is truncated");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read checkpoint", e);
        }
    }

    private static float[] readArray(DataInputStream data) throws IOException {
        int n = data.readInt();
        if (n < 0 || n > 1 << 28) {
            throw new IOException("implausible array length " + n);
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = data.readFloat();
        }
        return values;
    }
}

package org.eagerae.classify;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eagerae.io.AtomicFiles;

/**
 * Writes NumPy {@code .npy} files (format version 1.0): a small text header describing dtype and
 * shape, then the values little-endian in C order, so that {@code numpy.load} reads them as they are.
 */
public final class NpyWriter {

    private NpyWriter() {}

    /** Writes a float32 matrix of shape {@code (rows, cols)}. */
    public static void write(Path file, FeatureMatrix m) {
        ByteBuffer data = ByteBuffer.allocate(m.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(m.values());
        write(file, "<f4", "(" + m.rows() + ", " + m.cols() + ")", data.array());
    }

    /** Writes an int32 vector. */
    public static void write(Path file, int[] values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asIntBuffer().put(values);
        write(file, "<i4", "(" + values.length + ",)", data.array());
    }

    /** The header of an array: magic, version 1.0, length, and the padded description. */
    static byte[] header(String descr, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer header = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        header.putShort((short) text.length());
        header.put(text.getBytes(StandardCharsets.US_ASCII));
        return header.array();
    }

    private static void write(Path file, String descr, String shape, byte[] data) {
        byte[] header = header(descr, shape);
        AtomicFiles.write(file, out -> {
            out.write(header);
            out.write(data);
        });
    }
}

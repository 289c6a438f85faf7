package org.eagerae.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eagerae.InvalidInputException;

/**
 * NumPy {@code .npy} files (format 1.0 written; 1.0 to 3.0 read): a small text header describing
 * dtype and shape, then the values little-endian in C order, so that {@code numpy.load} reads what
 * eagerae writes and the other way round. Files are written atomically.
 */
public final class Npy {

    /** float32, little-endian. */
    public static final String FLOAT32 = "<f4";
    /** int32, little-endian. */
    public static final String INT32 = "<i4";
    /** int64, little-endian. */
    public static final String INT64 = "<i8";

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /**
     * An array read from a file.
     *
     * @param descr the dtype, e.g. {@code <f4}
     * @param shape the dimensions
     * @param data  the values, little-endian, positioned at the first
     */
    public record Array(String descr, long[] shape, ByteBuffer data) {
        /** Number of values. */
        public long size() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    /** Produces an array's values in order, in chunks. */
    @FunctionalInterface
    public interface FloatSource {
        /** Calls {@code sink} with successive chunks of values. */
        void writeTo(FloatSink sink) throws IOException;
    }

    /** Receives a chunk of values. */
    @FunctionalInterface
    public interface FloatSink {
        void accept(float[] values) throws IOException;
    }

    private Npy() {}

    /** Writes a float32 array of the given shape. */
    public static void write(Path file, float[] values, long... shape) {
        write(file, shape, sink -> sink.accept(values));
    }

    /**
     * Writes a float32 array of the given shape whose values arrive in chunks, without holding them
     * all; more or fewer values than the shape holds is an error and leaves no file.
     */
    public static void write(Path file, long[] shape, FloatSource source) {
        long size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        byte[] header = header(FLOAT32, shape);
        AtomicFiles.write(file, out -> {
            out.write(header);
            long[] written = {0};
            source.writeTo(chunk -> {
                ByteBuffer data = ByteBuffer.allocate(chunk.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(chunk);
                out.write(data.array());
                written[0] += chunk.length;
            });
            if (written[0] != size) {
                throw new IllegalStateException("shape " + Arrays.toString(shape) + " holds " + size + " values but " + written[0] + " came");
            }
        });
    }

    /** Writes an int32 array of the given shape. */
    public static void write(Path file, int[] values, long... shape) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asIntBuffer().put(values);
        byte[] header = header(INT32, shape);
        AtomicFiles.write(file, out -> write(out, header, data.array()));
    }

    private static void write(OutputStream out, byte[] header, byte[] data) throws IOException {
        out.write(header);
        out.write(data);
    }

    /** The header of an array: magic, version 1.0, length, and the description padded to a multiple of 64 bytes. */
    public static byte[] header(String descr, long... shape) {
        String dims = shape.length == 1 ? shape[0] + "," : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer header = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        header.putShort((short) text.length());
        header.put(text.getBytes(StandardCharsets.US_ASCII));
        return header.array();
    }

    /** Reads an array in C order; a file that is not one is an error that names it. */
    public static Array read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new InvalidInputException(file + ": not a NumPy .npy file");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        boolean v1 = bytes[6] == 1;
        int length = v1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = v1 ? 10 : 12;
        if (length < 0 || start + length > bytes.length) {
            throw new InvalidInputException(file + ": truncated .npy header");
        }
        String dict = new String(bytes, start, length, StandardCharsets.US_ASCII);
        Matcher descr = DESCR.matcher(dict);
        Matcher fortran = FORTRAN.matcher(dict);
        Matcher shape = SHAPE.matcher(dict);
        if (!descr.find() || !shape.find() || (fortran.find() && fortran.group(1).equals("True"))) {
            throw new InvalidInputException(file + ": unsupported .npy header (C order, a dtype and a shape are needed): " + dict.trim());
        }
        long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        ByteBuffer data = ByteBuffer.wrap(bytes, start + length, bytes.length - start - length).slice().order(ByteOrder.LITTLE_ENDIAN);
        Array array = new Array(descr.group(1), dims, data);
        int width = switch (array.descr()) {
            case FLOAT32, INT32 -> 4;
            case INT64 -> 8;
            default -> 1;
        };
        if (data.remaining() < array.size() * width) {
            throw new InvalidInputException(file + " is truncated: shape " + Arrays.toString(dims) + " of " + array.descr() + " needs "
                    + array.size() * width + " bytes after the header, the file has " + data.remaining());
        }
        return array;
    }
}

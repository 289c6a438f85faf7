package org.eagerae.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.InvalidInputException;

/**
 * Reads the CIFAR-10 binary version: records of one label byte and 3,072 pixel bytes (1,024 red,
 * then green, then blue, row by row), which is already the N x C x H x W layout.
 */
public final class Cifar10BinaryReader {

    /** Bytes per record: 1 label + 3 x 32 x 32 pixels. */
    public static final int RECORD = 1 + 3 * 32 * 32;
    /** The training files of the binary version. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    /** The test file of the binary version. */
    public static final String TEST_FILE = "test_batch.bin";

    private Cifar10BinaryReader() {}

    /** The five training files, then the test file. */
    public static List<String> files() {
        List<String> all = new java.util.ArrayList<>(TRAIN_FILES);
        all.add(TEST_FILE);
        return List.copyOf(all);
    }

    /** Reads and concatenates the given files. */
    public static ImageDataset read(List<Path> files) {
        return readEncoded(files).all();
    }

    /** Reads and concatenates the given files, keeping the pixels as the files store them until images are selected. */
    public static ByteImages readEncoded(List<Path> files) {
        long[] sizes = files.stream().mapToLong(Cifar10BinaryReader::size).toArray();
        long total = java.util.Arrays.stream(sizes).sum();
        if (total > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("too many CIFAR images to hold in memory: " + total / RECORD);
        }
        byte[] data = new byte[(int) total];
        int[] labels = new int[(int) (total / RECORD)];
        int offset = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            int start = offset;
            readInto(file, data, offset, (int) sizes[f]);
            offset += (int) sizes[f];
            for (int off = start; off < offset; off += RECORD) {
                int label = data[off] & 0xff;
                if (label >= 10) {
                    throw new InvalidInputException(file + ": label " + label + " of record " + ((off - start) / RECORD)
                            + " is not a CIFAR-10 class (0..9)");
                }
                labels[off / RECORD] = label;
            }
        }
        return new ByteImages(data, 1, RECORD, labels, 3, 32, 32, 10);
    }

    /** Reads the five training files and the test file from a folder. */
    public static TrainTest readFolder(Path dir) {
        return new TrainTest(readEncoded(TRAIN_FILES.stream().map(dir::resolve).toList()), readEncoded(List.of(dir.resolve(TEST_FILE))));
    }

    /** A file's size, which must be a positive number of records. */
    private static long size(Path file) {
        try {
            long size = Files.size(file);
            if (size == 0 || size % RECORD != 0) {
                throw new InvalidInputException(file + ": size " + size + " is not a positive multiple of the "
                        + RECORD + "-byte CIFAR-10 record");
            }
            return size;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reads a whole file of {@code length} bytes into {@code data} from {@code offset}. */
    private static void readInto(Path file, byte[] data, int offset, int length) {
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(data, offset, length) != length) {
                throw new InvalidInputException(file + ": shorter than its size while it was read");
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

package org.eagerae.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** The given files one after the other, mapped, their pixels kept as the files store them until images are selected. */
    public static ByteImages readEncoded(List<Path> files) {
        long total = files.stream().mapToLong(Cifar10BinaryReader::size).sum() / RECORD;
        if (total > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("too many CIFAR images to hold in memory: " + total);
        }
        int[] labels = new int[(int) total];
        List<ByteImages.Part> parts = new ArrayList<>();
        int image = 0;
        for (Path file : files) {
            ByteBuffer bytes = FileBytes.map(file);
            int records = bytes.capacity() / RECORD;
            for (int r = 0; r < records; r++) {
                int label = bytes.get(r * RECORD) & 0xff;
                if (label >= 10) {
                    throw new InvalidInputException(file + ": label " + label + " of record " + r + " is not a CIFAR-10 class (0..9)");
                }
                labels[image++] = label;
            }
            parts.add(new ByteImages.Part(file.toString(), bytes, 1, RECORD, records));
        }
        return new ByteImages(parts, labels, 3, 32, 32, 10);
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
}

package org.eagerae.data;

import java.io.IOException;
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
        byte[][] contents = new byte[files.size()][];
        long images = 0;
        for (int i = 0; i < files.size(); i++) {
            contents[i] = bytes(files.get(i));
            images += contents[i].length / RECORD;
        }
        if (images > Integer.MAX_VALUE / (RECORD - 1)) {
            throw new InvalidInputException("too many CIFAR images to hold in memory: " + images);
        }
        int n = (int) images;
        float[] pixels = new float[n * (RECORD - 1)];
        int[] labels = new int[n];
        int image = 0;
        for (int f = 0; f < contents.length; f++) {
            byte[] data = contents[f];
            for (int off = 0; off < data.length; off += RECORD, image++) {
                int label = data[off] & 0xff;
                if (label >= 10) {
                    throw new InvalidInputException(files.get(f) + ": label " + label + " of record " + (off / RECORD)
                            + " is not a CIFAR-10 class (0..9)");
                }
                labels[image] = label;
                int base = image * (RECORD - 1);
                for (int p = 1; p < RECORD; p++) {
                    pixels[base + p - 1] = (data[off + p] & 0xff) / 255f;
                }
            }
        }
        return new ImageDataset(pixels, labels, 3, 32, 32, 10);
    }

    /** Reads the five training files and the test file from a folder. */
    public static TrainTest readFolder(Path dir) {
        return new TrainTest(read(TRAIN_FILES.stream().map(dir::resolve).toList()), read(List.of(dir.resolve(TEST_FILE))));
    }

    private static byte[] bytes(Path file) {
        try {
            long size = Files.size(file);
            if (size == 0 || size % RECORD != 0) {
                throw new InvalidInputException(file + ": size " + size + " is not a positive multiple of the "
                        + RECORD + "-byte CIFAR-10 record");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

package org.eagerae.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eagerae.data.ImageDataset;

/** Writes grey images in the MNIST IDX format, under MNIST's file names, for tests. */
public final class IdxFiles {

    private IdxFiles() {}

    /** Writes the four MNIST files for a training and a test set into {@code dir}; returns {@code dir}. */
    public static Path writeMnistLayout(Path dir, ImageDataset train, ImageDataset test) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"), train);
        write(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), test);
        return dir;
    }

    /** Writes one image file (magic 2051), each value {@code v} as the byte {@code round(255 v)}, and one label file (magic 2049). */
    public static void write(Path images, Path labels, ImageDataset data) throws IOException {
        byte[] pixels = new byte[data.pixels().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.round(data.pixels()[i] * 255);
        }
        byte[] classes = new byte[data.size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = (byte) data.labels()[i];
        }
        Files.write(images, bytes(2051, new int[] {data.size(), data.height(), data.width()}, pixels));
        Files.write(labels, bytes(2049, new int[] {data.size()}, classes));
    }

    /**
     * An IDX file's bytes as given, whether they make a valid file or not: the magic number, each
     * dimension, then {@code body} (for tests of files that are short, long or mislabelled).
     */
    public static byte[] bytes(int magic, int[] dimensions, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dimensions) {
                out.writeInt(d);
            }
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Overwrites the magic number of the IDX file {@code file}, leaving the rest as it is. */
    public static void setMagic(Path file, int magic) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.writeInt(magic);
        }
    }

    /** Overwrites the count (of images or labels) in the header of the IDX file {@code file}, leaving the rest as it is. */
    public static void setCount(Path file, int count) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(4);
            f.writeInt(count);
        }
    }
}

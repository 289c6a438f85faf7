package org.eagerae.testing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eagerae.data.ImageDataset;

/** Writes grey images in the MNIST IDX format, under MNIST's file names, for tests. */
public final class IdxFiles {

    private IdxFiles() {}

    /** Writes the four MNIST files for a training and a test set into {@code dir}. */
    public static Path writeMnistLayout(Path dir, ImageDataset train, ImageDataset test) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"), train);
        write(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), test);
        return dir;
    }

    /** Writes one image file (magic 2051) and one label file (magic 2049). */
    public static void write(Path images, Path labels, ImageDataset data) throws IOException {
        try (OutputStream raw = Files.newOutputStream(images); DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(2051);
            out.writeInt(data.size());
            out.writeInt(data.height());
            out.writeInt(data.width());
            for (float v : data.pixels()) {
                out.writeByte(Math.round(v * 255));
            }
        }
        try (OutputStream raw = Files.newOutputStream(labels); DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(2049);
            out.writeInt(data.size());
            for (int label : data.labels()) {
                out.writeByte(label);
            }
        }
    }
}

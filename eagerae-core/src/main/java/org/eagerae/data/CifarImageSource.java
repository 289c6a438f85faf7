package org.eagerae.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eagerae.InvalidInputException;

/**
 * The images of a CIFAR-10 binary file (records of a label byte and 3 x 32 x 32 pixel bytes), named
 * by their index; labels are ignored, pixels scaled by 1/255 as {@link Cifar10BinaryReader} does.
 */
final class CifarImageSource implements ImageSource {

    private static final int PIXELS = Cifar10BinaryReader.RECORD - 1;

    private final Path file;
    private final byte[] bytes;

    private CifarImageSource(Path file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    /** Whether the file's size is a positive multiple of the record size. */
    static boolean hasRecordSize(Path file) {
        try {
            long size = Files.size(file);
            return size > 0 && size % Cifar10BinaryReader.RECORD == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static CifarImageSource open(Path file, int channels, int height, int width) {
        if (channels != 3) {
            throw new InvalidInputException(file + " holds colour images (3 channels, CIFAR-10) but the model reads " + channels
                    + " channel" + (channels == 1 ? "" : "s"));
        }
        if (height != 32 || width != 32) {
            throw new InvalidInputException(file + " holds 32x32 images (CIFAR-10) but the model reads " + height + "x" + width);
        }
        try {
            return new CifarImageSource(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    @Override
    public int size() {
        return bytes.length / Cifar10BinaryReader.RECORD;
    }

    @Override
    public String id(int index) {
        return String.valueOf(index);
    }

    @Override
    public float[] read(int from, int n) {
        float[] out = new float[n * PIXELS];
        for (int i = 0; i < n; i++) {
            int base = (from + i) * Cifar10BinaryReader.RECORD + 1;
            for (int p = 0; p < PIXELS; p++) {
                out[i * PIXELS + p] = (bytes[base + p] & 0xff) / 255f;
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return size() + " colour 32x32 images in CIFAR-10 binary file " + file;
    }

    @Override
    public boolean reads(Path other) {
        return ImageFileSource.sameFile(file, other);
    }
}

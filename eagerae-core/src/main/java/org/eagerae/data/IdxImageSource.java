package org.eagerae.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.eagerae.InvalidInputException;

/** The grey images of an IDX image file (magic 2051), named by their index; pixels scaled by 1/255 as {@link IdxReader} does. */
final class IdxImageSource implements ImageSource {

    private static final int HEADER = 16;

    private final Path file;
    private final byte[] bytes;
    private final int count;
    private final int per;

    private IdxImageSource(Path file, byte[] bytes, int count, int per) {
        this.file = file;
        this.bytes = bytes;
        this.count = count;
        this.per = per;
    }

    static IdxImageSource open(Path file, int channels, int height, int width) {
        byte[] bytes = IdxReader.bytes(file);
        ByteBuffer header = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER || header.getInt(0) != IdxReader.IMAGES_MAGIC) {
            throw new InvalidInputException(file + ": not an IDX image file (magic " + IdxReader.IMAGES_MAGIC + ")");
        }
        int n = header.getInt(4);
        int h = header.getInt(8);
        int w = header.getInt(12);
        if (channels != 1) {
            throw new InvalidInputException(file + " holds grey images (1 channel) but the model reads " + channels + " channels");
        }
        if (h != height || w != width) {
            throw new InvalidInputException(file + " holds " + h + "x" + w + " images but the model reads " + height + "x" + width);
        }
        if (n < 1) {
            throw new InvalidInputException(file + " holds no images");
        }
        IdxReader.requireWhole(file, n, h, w, bytes.length);
        return new IdxImageSource(file, bytes, n, h * w);
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public String id(int index) {
        return String.valueOf(index);
    }

    @Override
    public float[] read(int from, int n) {
        float[] out = new float[n * per];
        int base = HEADER + from * per;
        for (int i = 0; i < out.length; i++) {
            out[i] = (bytes[base + i] & 0xff) / 255f;
        }
        return out;
    }

    @Override
    public String describe() {
        return count + " grey images in IDX file " + file;
    }

    @Override
    public boolean reads(Path other) {
        return ImageFileSource.sameFile(file, other);
    }
}

package org.eagerae.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.eagerae.InvalidInputException;

/** Reads MNIST-format IDX files (images: magic 2051, labels: magic 2049), raw or gzip-compressed. */
public final class IdxReader {

    /** The magic number of an image file. */
    static final int IMAGES_MAGIC = 2051;
    private static final int LABELS_MAGIC = 2049;
    /** No deflate stream decompresses to more than about 1032 times its size. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private IdxReader() {}

    /** Reads an image file and its label file; pixels are scaled to [0,1]. */
    public static ImageDataset read(Path images, Path labels, int classes) {
        return readEncoded(images, labels, classes).all();
    }

    /** Reads an image file and its label file, keeping the pixels as the file stores them until images are selected. */
    public static ByteImages readEncoded(Path images, Path labels, int classes) {
        ByteBuffer img = content(images);
        ByteBuffer lab = content(labels);
        checkHeader(images, img, IMAGES_MAGIC, 16);
        checkHeader(labels, lab, LABELS_MAGIC, 8);
        int n = img.getInt(4);
        int h = img.getInt(8);
        int w = img.getInt(12);
        int nl = lab.getInt(4);
        if (n < 0 || h <= 0 || w <= 0) {
            throw new InvalidInputException(images + ": implausible header: " + n + " images of " + h + "x" + w);
        }
        requireWhole(images, n, h, w, img.capacity());
        if (n != nl) {
            throw new InvalidInputException(images + " has " + n + " images but " + labels + " has " + nl + " labels");
        }
        if (lab.capacity() < 8L + n) {
            throw new InvalidInputException(labels + " is truncated: " + n + " labels need " + (8L + n)
                    + " bytes, the file has " + lab.capacity());
        }
        int[] labelValues = new int[n];
        for (int i = 0; i < n; i++) {
            labelValues[i] = lab.get(8 + i) & 0xff;
            if (labelValues[i] >= classes) {
                throw new InvalidInputException(labels + ": label " + labelValues[i] + " at index " + i + " is not below " + classes);
            }
        }
        return ByteImages.of(images.toString(), img, 16, h * w, labelValues, 1, h, w, classes);
    }

    /**
     * Refuses an image file shorter than its header says, {@code n} images of {@code h x w} after
     * the 16-byte header: the one check of this, wherever IDX images are read (training, predict).
     *
     * @param bytes the file's length (decompressed, for a gzip file)
     */
    static void requireWhole(Path file, int n, int h, int w, long bytes) {
        long need = need(n, h, w);
        if (bytes < need) {
            throw new InvalidInputException(file + " is truncated: " + n + " images of " + h + "x" + w + " need " + need
                    + " bytes, the file has " + bytes);
        }
    }

    private static long need(int n, int h, int w) {
        return 16L + (long) n * h * w;
    }

    private static void checkHeader(Path file, ByteBuffer data, int magic, int headerBytes) {
        if (data.capacity() < headerBytes) {
            throw new InvalidInputException(file + " is truncated: " + data.capacity() + " bytes, shorter than the "
                    + headerBytes + "-byte IDX header");
        }
        int found = data.getInt(0);
        if (found != magic) {
            throw new InvalidInputException(file + ": wrong magic number " + found + ", expected " + magic
                    + (magic == IMAGES_MAGIC ? " (IDX images)" : " (IDX labels)"));
        }
    }

    /**
     * What an IDX image file declares in its header: {@code {images, rows, columns}}, read without
     * loading the images; a header that claims more images than the file holds is refused as
     * {@link #requireWhole} refuses it.
     */
    public static int[] header(Path images) {
        ByteBuffer header;
        boolean compressed;
        long size;
        try (InputStream in = open(images)) {
            header = ByteBuffer.wrap(in.readNBytes(16));
            compressed = in instanceof GZIPInputStream;
            size = Files.size(images);
        } catch (IOException e) {
            throw unreadable(images, e);
        }
        checkHeader(images, header, IMAGES_MAGIC, 16);
        int n = header.getInt(4);
        int h = header.getInt(8);
        int w = header.getInt(12);
        if (n < 0 || h <= 0 || w <= 0) {
            throw new InvalidInputException(images + ": implausible IDX header: " + n + " images of " + h + "x" + w);
        }
        if (!compressed) {
            requireWhole(images, n, h, w, size);
        } else if (need(n, h, w) > size * MAX_DEFLATE_RATIO) {
            // the decompressed length is known only by decompressing: refuse here what no gzip file of this size can hold
            throw new InvalidInputException(images + " is truncated: " + n + " images of " + h + "x" + w + " need " + need(n, h, w)
                    + " bytes, more than its " + size + " compressed bytes can hold");
        }
        return new int[] {n, h, w};
    }

    /** The file's content: decompressed into memory when it starts with the gzip magic, else the file mapped. */
    private static ByteBuffer content(Path file) {
        try (InputStream in = open(file)) {
            return in instanceof GZIPInputStream ? ByteBuffer.wrap(in.readAllBytes()) : FileBytes.map(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The file's bytes, decompressed when it starts with the gzip magic (a raw file is read in one piece). */
    static byte[] bytes(Path file) {
        try (InputStream in = open(file)) {
            return in instanceof GZIPInputStream ? in.readAllBytes() : Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The file's content as a stream, decompressed when it starts with the gzip magic. */
    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        try {
            raw.mark(2);
            int b1 = raw.read();
            int b2 = raw.read();
            raw.reset();
            return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(raw) : raw;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /** A missing file or a damaged gzip stream is bad input; the message keeps the cause. */
    private static RuntimeException unreadable(Path file, IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return new InvalidInputException(file + ": no such file", e);
        }
        if (e instanceof java.io.EOFException) {
            return new InvalidInputException(file + ": damaged gzip data: the stream ends early", e);
        }
        if (e instanceof java.util.zip.ZipException) {
            return new InvalidInputException(file + ": damaged gzip data: " + e.getMessage(), e);
        }
        return new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
}

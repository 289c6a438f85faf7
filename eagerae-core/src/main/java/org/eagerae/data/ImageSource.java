package org.eagerae.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.eagerae.InvalidInputException;

/**
 * Unlabelled images to apply a model to, read a batch at a time in the model's shape: a folder of
 * PNG and JPEG files (searched recursively), one such file, an IDX image file (MNIST's format, raw
 * or gzip-compressed) or a CIFAR-10 binary file. Image files are converted as {@code --dataset folder}
 * loads them ({@link ImagePixels}); IDX and CIFAR-10 pixels are scaled by 1/255 as when training.
 */
public interface ImageSource {

    /** Number of images. */
    int size();

    /** How an output row names image {@code index}: its path below the folder, or its index in the file. */
    String id(int index);

    /** Images {@code from .. from+n-1} as floats in [0,1], {@code C x H x W} each, one after the other. */
    float[] read(int from, int n);

    /** A short description, e.g. {@code 10000 grey 28x28 images in IDX file t10k-images-idx3-ubyte}. */
    String describe();

    /**
     * Whether {@code file} is one of the files this source reads (the same file, by whatever path), so that
     * writing it would replace an input; false for images in memory.
     */
    default boolean reads(Path file) {
        return false;
    }

    /**
     * Refuses {@code output} if it is one of the files this source reads, before anything is written.
     *
     * @throws InvalidInputException naming the file
     */
    default void requireNotRead(Path output) {
        if (reads(output)) {
            throw new InvalidInputException(output + " is one of the images to read; writing there would replace it");
        }
    }

    /**
     * Opens {@code path} for a model that reads {@code channels x height x width} images; bad input
     * (nothing there, no images, a file in a folder that is not a PNG or JPEG image, images of another
     * channel count or size in IDX and CIFAR-10 files) is an {@link InvalidInputException} that names
     * the path. In a folder, files and folders whose names start with a dot are ignored, as
     * {@code --dataset folder} ignores them ({@link ImageFolderReader}); any other file must be an image.
     */
    static ImageSource open(Path path, int channels, int height, int width) {
        if (Files.isDirectory(path) || ImageFileSource.isImage(path)) {
            return ImageFileSource.open(path, channels, height, width);
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(path + ": no such file or folder");
        }
        if (startsWithIdxMagic(path)) {
            return IdxImageSource.open(path, channels, height, width);
        }
        if (CifarImageSource.hasRecordSize(path)) {
            return CifarImageSource.open(path, channels, height, width);
        }
        throw new InvalidInputException(path + ": not a folder of PNG or JPEG images, an image file, an IDX image file"
                + " (magic 2051) or a CIFAR-10 binary file (records of 3,073 bytes)");
    }

    /** The images of a dataset in memory (e.g. a split of a run's data), named by their index. */
    static ImageSource of(ImageDataset images, String description) {
        return new ImageSource() {
            @Override
            public int size() {
                return images.size();
            }

            @Override
            public String id(int index) {
                return String.valueOf(index);
            }

            @Override
            public float[] read(int from, int n) {
                int per = images.imageSize();
                float[] out = new float[n * per];
                System.arraycopy(images.pixels(), from * per, out, 0, n * per);
                return out;
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    private static boolean startsWithIdxMagic(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            if (head.length == 4 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                return true; // gzip: IdxImageSource checks the magic inside
            }
            return head.length == 4 && ByteBuffer.wrap(head).getInt() == IdxReader.IMAGES_MAGIC;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

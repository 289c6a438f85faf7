package org.eagerae.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.eagerae.InvalidInputException;

/**
 * Reads a folder of images with one sub-folder per class (class index = position of the
 * sub-folder in name order), PNG or JPEG, as grey (1 channel) or RGB (3 channels), optionally
 * resized ({@link ImagePixels} converts them). Without a size, all images must have the size of the first.
 */
public final class ImageFolderReader {

    private ImageFolderReader() {}

    /**
     * @param root     the folder of class sub-folders
     * @param channels 1 (grey) or 3 (RGB)
     * @param height   target height, or 0 to keep the images' own size
     * @param width    target width, or 0 to keep the images' own size
     */
    public static ImageDataset read(Path root, int channels, int height, int width) {
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException("channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(root + ": no such folder");
        }
        List<Path> classes = list(root, Files::isDirectory);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (Path f : list(classes.get(c), ImageFolderReader::isImage)) {
                files.add(f);
                labels.add(c);
            }
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(root + " holds no PNG or JPEG images in class sub-folders");
        }
        int h = height;
        int w = width;
        int per = 0;
        float[] pixels = null;
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img = ImagePixels.decode(files.get(i));
            if (h == 0 || w == 0) {
                h = img.getHeight();
                w = img.getWidth();
            }
            if (height == 0 && (img.getHeight() != h || img.getWidth() != w)) {
                throw new InvalidInputException(files.get(i) + " is " + img.getWidth() + "x" + img.getHeight() + " but "
                        + files.get(0) + " is " + w + "x" + h + "; give a size to resize all images to");
            }
            if (pixels == null) {
                per = channels * h * w;
                pixels = new float[files.size() * per];
            }
            ImagePixels.write(img, channels, h, w, pixels, i * per);
        }
        return new ImageDataset(pixels, labels.stream().mapToInt(Integer::intValue).toArray(), channels, h, w, classes.size());
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The class names of a folder of class sub-folders: the sub-folders' names, in class-index order. */
    public static java.util.List<String> classNames(Path root) {
        return list(root, Files::isDirectory).stream().map(p -> p.getFileName().toString()).toList();
    }
}

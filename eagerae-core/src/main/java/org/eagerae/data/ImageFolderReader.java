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
        List<List<Path>> classes = imagesByClass(root);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (Path f : classes.get(c)) {
                files.add(f);
                labels.add(c);
            }
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
                long values = (long) files.size() * per;
                if (values > Integer.MAX_VALUE - 8) {
                    throw new InvalidInputException(root + ": " + files.size() + " images of " + channels + "x" + h + "x" + w
                            + " are " + values + " values, more than an array can hold; load them at a smaller size or use fewer images");
                }
                pixels = new float[files.size() * per];
            }
            ImagePixels.write(img, channels, h, w, pixels, i * per);
        }
        return new ImageDataset(pixels, labels.stream().mapToInt(Integer::intValue).toArray(), channels, h, w, classes.size());
    }

    /** The number of images in a folder of class sub-folders, without decoding them. */
    public static int count(Path root) {
        return imagesByClass(root).stream().mapToInt(List::size).sum();
    }

    /**
     * The image files of each class sub-folder, classes and files in name order. Hidden entries
     * (names starting with a dot) are ignored; a class folder without images, or with a file
     * that is not a PNG or JPEG, is refused rather than guessed about.
     */
    private static List<List<Path>> imagesByClass(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(root + ": no such folder");
        }
        List<Path> classes = list(root, p -> Files.isDirectory(p) && !isHidden(p));
        if (classes.isEmpty()) {
            throw new InvalidInputException(root + " holds no PNG or JPEG images in class sub-folders");
        }
        List<List<Path>> images = new ArrayList<>();
        for (Path dir : classes) {
            List<Path> entries = list(dir, p -> !isHidden(p));
            for (Path entry : entries) {
                if (!isImage(entry)) {
                    throw new InvalidInputException(entry + ": not a PNG or JPEG file; a class folder may hold only images");
                }
            }
            if (entries.isEmpty()) {
                throw new InvalidInputException("class folder " + dir + " holds no images; remove it or add PNG or JPEG images");
            }
            images.add(entries);
        }
        return images;
    }

    private static boolean isHidden(Path p) {
        return p.getFileName().toString().startsWith(".");
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
    public static List<String> classNames(Path root) {
        return list(root, p -> Files.isDirectory(p) && !isHidden(p)).stream().map(p -> p.getFileName().toString()).toList();
    }
}

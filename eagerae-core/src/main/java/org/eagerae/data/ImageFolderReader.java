package org.eagerae.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.eagerae.InvalidInputException;

/**
 * Reads a folder of images with one sub-folder per class (class index = position of the
 * sub-folder in name order), PNG or JPEG, as grey (1 channel) or RGB (3 channels), optionally
 * resized. Without a size, all images must have the size of the first.
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
            BufferedImage img = decode(files.get(i));
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
                            + " are " + values + " values, more than an array can hold; use a smaller --image-shape or fewer images");
                }
                pixels = new float[files.size() * per];
            }
            write(resize(img, w, h), channels, pixels, i * per);
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

    private static BufferedImage decode(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            if (e.getCause() instanceof OutOfMemoryError oom) {
                throw oom; // the image decodes too large for the heap: not a damaged file
            }
            throw new InvalidInputException(file + ": cannot decode image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new InvalidInputException(file + ": not a readable PNG or JPEG image");
        }
        return img;
    }

    private static BufferedImage resize(BufferedImage img, int w, int h) {
        if (img.getWidth() == w && img.getHeight() == h) {
            return img;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static void write(BufferedImage img, int channels, float[] pixels, int offset) {
        int h = img.getHeight();
        int w = img.getWidth();
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                int p = y * w + x;
                if (channels == 1) {
                    pixels[offset + p] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
                } else {
                    pixels[offset + p] = r / 255f;
                    pixels[offset + plane + p] = g / 255f;
                    pixels[offset + 2 * plane + p] = b / 255f;
                }
            }
        }
    }
}

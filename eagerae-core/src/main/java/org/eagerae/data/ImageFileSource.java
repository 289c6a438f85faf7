package org.eagerae.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eagerae.InvalidInputException;

/**
 * PNG and JPEG files: one file, or every file below a folder, which must be such a file unless its
 * name or a folder's on the way starts with a dot, in the order of their paths below it (which name
 * them in the output). Each batch is decoded in parallel; a file that cannot
 * be decoded is an error that names it.
 */
final class ImageFileSource implements ImageSource {

    private final Path root;
    private final List<Path> relative;
    private final int channels;
    private final int height;
    private final int width;
    private final boolean sameSizeOnly;

    private ImageFileSource(Path root, List<Path> relative, int channels, int height, int width, boolean sameSizeOnly) {
        this.sameSizeOnly = sameSizeOnly;
        this.root = root;
        this.relative = relative;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    static ImageFileSource open(Path path, int channels, int height, int width) {
        return open(path, channels, height, width, false);
    }

    /** As {@link #open(Path, int, int, int)}; with {@code sameSizeOnly}, an image of another size is refused, not resized, when read. */
    static ImageFileSource open(Path path, int channels, int height, int width, boolean sameSizeOnly) {
        if (!Files.isDirectory(path)) {
            Path file = path.toAbsolutePath();
            return new ImageFileSource(file.getParent(), List.of(file.getFileName()), channels, height, width, sameSizeOnly);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(p -> !isHidden(path.relativize(p)) && Files.isRegularFile(p)).map(p -> {
                if (!isImage(p)) { // refused as --dataset folder refuses it, not skipped without a word
                    throw new InvalidInputException(p + ": not a PNG or JPEG file; a folder of images may hold only images"
                            + " (names that start with a dot are ignored)");
                }
                return path.relativize(p);
            }).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException(path + ": cannot list the folder: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(path + " holds no PNG or JPEG images");
        }
        return new ImageFileSource(path, files, channels, height, width, sameSizeOnly);
    }

    /** Whether a path below the folder is, or is inside, a hidden file or folder (a name that starts with a dot). */
    private static boolean isHidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean reads(Path file) {
        return relative.stream().anyMatch(r -> sameFile(root.resolve(r), file));
    }

    /** Whether two paths name the same existing file. */
    static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a path names a PNG or JPEG file. */
    static boolean isImage(Path p) {
        Path name = p.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg"));
    }

    @Override
    public int size() {
        return relative.size();
    }

    @Override
    public String id(int index) {
        return relative.get(index).toString().replace('\\', '/');
    }

    @Override
    public float[] read(int from, int n) {
        int per = channels * height * width;
        float[] out = new float[n * per];
        IntStream.range(0, n).parallel().forEach(i -> {
            Path file = root.resolve(relative.get(from + i));
            java.awt.image.BufferedImage image = ImagePixels.decode(file);
            if (sameSizeOnly && (image.getHeight() != height || image.getWidth() != width)) {
                throw new InvalidInputException(file + ": an image of " + image.getHeight() + "x" + image.getWidth() + ", not " + height + "x" + width);
            }
            ImagePixels.write(image, channels, height, width, out, i * per);
        });
        return out;
    }

    @Override
    public String describe() {
        return relative.size() + " image file(s) in " + root + ", read as " + channels + "x" + height + "x" + width;
    }
}

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
 * PNG and JPEG files: one file, or every such file below a folder, in the order of their paths
 * below it (which name them in the output). Each batch is decoded in parallel; a file that cannot
 * be decoded is an error that names it.
 */
final class ImageFileSource implements ImageSource {

    private final Path root;
    private final List<Path> relative;
    private final int channels;
    private final int height;
    private final int width;

    private ImageFileSource(Path root, List<Path> relative, int channels, int height, int width) {
        this.root = root;
        this.relative = relative;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    static ImageFileSource open(Path path, int channels, int height, int width) {
        if (!Files.isDirectory(path)) {
            Path file = path.toAbsolutePath();
            return new ImageFileSource(file.getParent(), List.of(file.getFileName()), channels, height, width);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(ImageFileSource::isImage).map(path::relativize).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException(path + ": cannot list the folder: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(path + " holds no PNG or JPEG images");
        }
        return new ImageFileSource(path, files, channels, height, width);
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
        IntStream.range(0, n).parallel().forEach(i -> ImagePixels.write(ImagePixels.decode(root.resolve(relative.get(from + i))),
                channels, height, width, out, i * per));
        return out;
    }

    @Override
    public String describe() {
        return relative.size() + " image file(s) in " + root + ", read as " + channels + "x" + height + "x" + width;
    }
}

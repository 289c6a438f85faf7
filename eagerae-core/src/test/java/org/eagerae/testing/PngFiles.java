package org.eagerae.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.eagerae.data.ImageDataset;

/** Writes images as 8-bit PNG files for tests: grey images as grey PNGs, RGB images as colour PNGs. */
public final class PngFiles {

    private PngFiles() {}

    /** Writes image {@code i} of {@code data} as {@code dir/<label>/<i, 5 digits>.png}; returns {@code dir}. */
    public static Path writeByLabel(Path dir, ImageDataset data) throws IOException {
        for (int i = 0; i < data.size(); i++) {
            write(dir.resolve(String.valueOf(data.labels()[i])).resolve(String.format("%05d.png", i)), image(data, i));
        }
        return dir;
    }

    /** Writes image {@code i} of {@code data} as {@code dir/<i, 5 digits>.png}, so that path order is index order; returns {@code dir}. */
    public static Path writeInOrder(Path dir, ImageDataset data) throws IOException {
        for (int i = 0; i < data.size(); i++) {
            write(dir.resolve(String.format("%05d.png", i)), image(data, i));
        }
        return dir;
    }

    /** Image {@code i} as an 8-bit image: each value {@code v} stored as {@code round(255 v)}. */
    public static BufferedImage image(ImageDataset data, int i) {
        int h = data.height();
        int w = data.width();
        int plane = h * w;
        int offset = i * data.imageSize();
        BufferedImage img = new BufferedImage(w, h, data.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = offset + y * w + x;
                if (data.channels() == 1) {
                    img.getRaster().setSample(x, y, 0, Math.round(data.pixels()[p] * 255));
                } else {
                    int r = Math.round(data.pixels()[p] * 255);
                    int g = Math.round(data.pixels()[p + plane] * 255);
                    int b = Math.round(data.pixels()[p + 2 * plane] * 255);
                    img.setRGB(x, y, r << 16 | g << 8 | b);
                }
            }
        }
        return img;
    }

    /** Writes a colour PNG of {@code width x height} pixels all of colour {@code rgb} ({@code 0xRRGGBB}), creating folders. */
    public static void writeSolid(Path file, int width, int height, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        write(file, img);
    }

    /** Writes an image as PNG, creating folders. */
    public static void write(Path file, BufferedImage img) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }
}

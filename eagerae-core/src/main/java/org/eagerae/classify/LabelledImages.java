package org.eagerae.classify;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;

/**
 * What identifies the labelled images a classifier sees: a SHA-256 over the training and then the validation images
 * of a split, each image's pixels (float32, little-endian) followed by its label (int32, little-endian). Two
 * classifiers with the same digest learnt and early-stopped on the same labelled images, in the same order; under a
 * label budget ({@link LabelBudget}) it records which images the budget chose. The test split is not part of it.
 */
public final class LabelledImages {

    private LabelledImages() {}

    /** The digest of {@code data}'s training and validation images and labels, as 64 hexadecimal digits. */
    public static String sha256(DataSplit data) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        add(sha, data.train());
        add(sha, data.validation());
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void add(MessageDigest sha, ImageDataset images) {
        int per = images.imageSize();
        ByteBuffer buffer = ByteBuffer.allocate(per * Float.BYTES + Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        float[] pixels = images.pixels();
        for (int i = 0; i < images.size(); i++) {
            buffer.clear();
            buffer.asFloatBuffer().put(pixels, i * per, per);
            buffer.position(per * Float.BYTES);
            buffer.putInt(images.labels()[i]);
            sha.update(buffer.array(), 0, buffer.position());
        }
    }
}

package org.eagerae.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.eagerae.InvalidInputException;

/**
 * Images without labels that the autoencoders train on beside the run's labelled training split, as {@code run.json} records
 * them: a folder of PNG and JPEG images (searched recursively, every image of the model's size), an IDX image file, or a NumPy
 * {@code .npy} file of float32 images (N, C, H, W) in [0, 1]. A seeded {@link #VALIDATION_SHARE} of them is held out for the
 * autoencoders' validation (reconstruction) loss, the rest join their training images ({@link #addTo}). The classifiers fit
 * their unsupervised steps (standardisation, principal components, label spreading) on those same training images too
 * ({@link #addUnsupervisedTo}), but never learn or early-stop on them as labelled images: they have no labels, and in every
 * split each of them has the label {@code -1}.
 *
 * @param path       the folder or file, as given
 * @param train      how many join the autoencoders' training images
 * @param validation how many join their validation images
 * @param sha256     SHA-256 of the images' pixel values as read (float32, little-endian, in the file's or folder's order)
 */
public record UnlabelledImages(String path, int train, int validation, String sha256) {

    /** The share of the unlabelled images held out for the autoencoders' validation loss (rounded, at least one). */
    public static final double VALIDATION_SHARE = 0.1;

    /**
     * Reads the images at {@code path} for a model of {@code channels x height x width} images and records them.
     *
     * @throws InvalidInputException naming the path: nothing there, no images, fewer than 2, or images of another shape
     */
    public static UnlabelledImages of(Path path, int channels, int height, int width) {
        ImageDataset images = read(path, channels, height, width);
        if (images.size() < 2) {
            throw new InvalidInputException(path + ": " + images.size() + " unlabelled image(s); at least 2 are needed (training and validation)");
        }
        int validation = Math.max(1, (int) Math.round(images.size() * VALIDATION_SHARE));
        return new UnlabelledImages(path.toString(), images.size() - validation, validation, checksum(images.pixels()));
    }

    /** How many images there are in all. */
    public int images() {
        return train + validation;
    }

    /**
     * The autoencoders' data: {@code labelled}'s training and validation images with these images added (a permutation drawn
     * with {@code seed} puts {@link #validation} of them into the validation images, the rest into the training images); the
     * test split as it is.
     *
     * @throws InvalidInputException when the images are no longer what the run recorded
     */
    public DataSplit addTo(DataSplit labelled, long seed) {
        Shares shares = shares(labelled, seed);
        return new DataSplit(join(labelled.train(), shares.train()), join(labelled.validation(), shares.validation()), labelled.test());
    }

    /**
     * The classifiers' data: {@code labelled}'s training, validation and test images as they are, and as the images their
     * unsupervised steps are fitted on ({@link DataSplit#unsupervisedImages()}) those of {@code labelled} followed by the
     * images that {@link #addTo} with the same {@code seed} gives the autoencoders to train on, every label {@code -1}.
     *
     * @throws InvalidInputException when the images are no longer what the run recorded
     */
    public DataSplit addUnsupervisedTo(DataSplit labelled, long seed) {
        Shares shares = shares(labelled, seed);
        return new DataSplit(labelled.train(), labelled.validation(), labelled.test(),
                join(labelled.unsupervisedImages().withoutLabels(), shares.train()));
    }

    /** The images read again, checked against the record, and split as the autoencoders' validation and training images. */
    private Shares shares(DataSplit labelled, long seed) {
        ImageDataset t = labelled.train();
        ImageDataset images = read(Path.of(path), t.channels(), t.height(), t.width());
        String now = checksum(images.pixels());
        if (images.size() != images() || !now.equals(sha256)) {
            throw new InvalidInputException(path + ": the unlabelled images changed since the run started (" + images.size() + " images, SHA-256 "
                    + now + "; the run recorded " + images() + ", " + sha256 + ")");
        }
        int[] order = Splits.permutation(images.size(), seed);
        return new Shares(images.select(Arrays.copyOfRange(order, validation, order.length)), images.select(Arrays.copyOfRange(order, 0, validation)));
    }

    /** The images the autoencoders train on and those they validate on. */
    private record Shares(ImageDataset train, ImageDataset validation) {}

    /** What they are, for reports: {@code 500 unlabelled images (450 train / 50 val) from PATH}. */
    public String describe() {
        return String.format(Locale.ROOT, "%d unlabelled images (%d train / %d val) from %s", images(), train, validation, path);
    }

    private static ImageDataset join(ImageDataset labelled, ImageDataset unlabelled) {
        float[] pixels = Arrays.copyOf(labelled.pixels(), labelled.pixels().length + unlabelled.pixels().length);
        System.arraycopy(unlabelled.pixels(), 0, pixels, labelled.pixels().length, unlabelled.pixels().length);
        int[] labels = Arrays.copyOf(labelled.labels(), labelled.size() + unlabelled.size());
        System.arraycopy(unlabelled.labels(), 0, labels, labelled.size(), unlabelled.size());
        return new ImageDataset(pixels, labels, labelled.channels(), labelled.height(), labelled.width(), labelled.classes());
    }

    /** The images at {@code path}, each labelled -1, refused unless they have the model's shape. */
    private static ImageDataset read(Path path, int channels, int height, int width) {
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            ImageDataset images = ArrayFolder.loadUnlabelled(path);
            if (images.channels() != channels || images.height() != height || images.width() != width) {
                throw new InvalidInputException(path + ": images of " + images.channels() + "x" + images.height() + "x" + images.width()
                        + ", not the model's " + channels + "x" + height + "x" + width);
            }
            return images;
        }
        ImageSource source = Files.isDirectory(path) || ImageFileSource.isImage(path)
                ? ImageFileSource.open(path, channels, height, width, true)
                : ImageSource.open(path, channels, height, width);
        return ImageDataset.unlabelled(source.read(0, source.size()), channels, height, width, 1);
    }

    private static String checksum(float[] pixels) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < pixels.length; i += 4096) {
                buffer.clear();
                buffer.asFloatBuffer().put(pixels, i, Math.min(4096, pixels.length - i));
                sha.update(buffer.array(), 0, 4 * Math.min(4096, pixels.length - i));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}

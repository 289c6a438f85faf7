package org.eagerae.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.eagerae.data.ImageDataset;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.io.AtomicFiles;
import org.eagerae.model.Cae;
import org.eagerae.train.MemberTrainer;

/**
 * A PNG grid of original images and their reconstructions after chosen epochs (the paper's
 * figures 6 and 7): the first row holds the originals, each further row a checkpoint's output.
 */
public final class ReconstructionGrid {

    private static final int SCALE = 3;
    private static final int LABEL_WIDTH = 80;
    private static final int GAP = 2;

    private ReconstructionGrid() {}

    /** The epochs the paper shows: 1 and 10, or the last epoch where a member stopped before 10. */
    public static List<Integer> paperEpochs(int trainedEpochs) {
        List<Integer> epochs = new ArrayList<>(List.of(1));
        int second = Math.min(10, trainedEpochs);
        if (second > 1) {
            epochs.add(second);
        }
        return epochs;
    }

    /** Writes {@code figures/reconstructions-mNN.png} for every finished member of a run. */
    public static void writeForRun(RunDirectory run, RunManifest manifest) {
        ImageDataset val = manifest.spec().data().load().validation();
        ImageDataset sample = val.head(Math.min(10, val.size()));
        for (MemberStatus m : manifest.members()) {
            if (m.epochs() > 0 && !m.isFailed()) {
                write(run, manifest, m.member(), paperEpochs(m.epochs()), sample, run.reconstructionFigure(m.member()));
            }
        }
    }

    /** Draws one member's grid for the given epochs into {@code png}. */
    public static void write(RunDirectory run, RunManifest manifest, int member, List<Integer> epochs, ImageDataset sample, Path png) {
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        rows.add(sample.pixels());
        labels.add("original");
        int[] order = new int[sample.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        try (NDManager manager = NDManager.newBaseManager();
                Cae cae = Cae.create(manifest.spec().model(), manager, 0)) {
            for (int epoch : epochs) {
                run.member(member).readCheckpoint(epoch).loadWeightsInto(cae);
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray x = MemberTrainer.batch(scratch, sample, order, 0, sample.size());
                    rows.add(cae.reconstruct(x, false).toFloatArray());
                }
                labels.add("epoch " + epoch);
            }
        }
        writePng(draw(rows, labels, sample), png);
    }

    static BufferedImage draw(List<float[]> rows, List<String> labels, ImageDataset shape) {
        int n = shape.size();
        int cw = shape.width() * SCALE;
        int ch = shape.height() * SCALE;
        BufferedImage img = new BufferedImage(LABEL_WIDTH + n * (cw + GAP), rows.size() * (ch + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int plane = shape.height() * shape.width();
        for (int r = 0; r < rows.size(); r++) {
            int top = r * (ch + GAP);
            g.drawString(labels.get(r), 4, top + ch / 2 + 4);
            float[] px = rows.get(r);
            for (int i = 0; i < n; i++) {
                int left = LABEL_WIDTH + i * (cw + GAP);
                for (int y = 0; y < ch; y++) {
                    for (int x = 0; x < cw; x++) {
                        int p = (y / SCALE) * shape.width() + x / SCALE;
                        int base = i * shape.imageSize();
                        int red = level(px[base + p]);
                        int rgb = shape.channels() == 3
                                ? (red << 16) | (level(px[base + plane + p]) << 8) | level(px[base + 2 * plane + p])
                                : (red << 16) | (red << 8) | red;
                        img.setRGB(left + x, top + y, rgb);
                    }
                }
            }
        }
        g.dispose();
        return img;
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    /** Writes a PNG atomically. */
    public static void writePng(BufferedImage img, Path png) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + png.getParent(), e);
        }
        AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
    }
}

package org.eagerae.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.eagerae.InvalidInputException;

/**
 * Turns decoded images into the floats a model reads: values in [0,1], one plane per channel
 * (C x H x W), resized bilinearly when the image has another size. Grey images keep their stored
 * values exactly ({@code v / 255} for 8 bits, as an IDX pixel reads): their samples are read from
 * the raster, because Java's {@code getRGB} passes grey through a colour-space conversion that
 * changes them (100 reads as 168). Colour images become grey as {@code (0.299 R + 0.587 G + 0.114 B) / 255},
 * except where R = G = B, which gives {@code R / 255} exactly.
 */
public final class ImagePixels {

    private ImagePixels() {}

    /** Decodes a PNG or JPEG file; an unreadable file is an error that names it. */
    public static BufferedImage decode(Path file) {
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

    /**
     * Writes {@code img} as {@code channels x height x width} floats at {@code out[offset..]}.
     *
     * @param channels 1 (grey) or 3 (RGB)
     */
    public static void write(BufferedImage img, int channels, int height, int width, float[] out, int offset) {
        BufferedImage sized = resize(img, width, height);
        int plane = height * width;
        if (isGrey(sized)) {
            Raster raster = sized.getRaster();
            float max = (1 << sized.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float v = raster.getSample(x, y, 0) / max;
                    for (int c = 0; c < channels; c++) {
                        out[offset + c * plane + y * width + x] = v;
                    }
                }
            }
            return;
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = sized.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                int p = y * width + x;
                if (channels == 1) {
                    out[offset + p] = r == g && g == b ? r / 255f : (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
                } else {
                    out[offset + p] = r / 255f;
                    out[offset + plane + p] = g / 255f;
                    out[offset + 2 * plane + p] = b / 255f;
                }
            }
        }
    }

    /** Whether the image stores grey levels (with or without alpha) rather than colours. */
    static boolean isGrey(BufferedImage img) {
        return img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    private static BufferedImage resize(BufferedImage img, int w, int h) {
        if (img.getWidth() == w && img.getHeight() == h) {
            return img;
        }
        BufferedImage out = new BufferedImage(w, h, isGrey(img) ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}

package org.eagerae.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bench/check_export.py}, which loads an exported model into plain PyTorch and compares its predictions with
 * eagerae's, for the tests: it needs {@code /usr/bin/python3} with torch and numpy ({@code bench/setup-pytorch.sh}).
 */
public final class PyTorchCheck {

    private PyTorchCheck() {}

    /** Whether {@code /usr/bin/python3} can import torch and numpy. */
    public static boolean available() {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The check's exit code and output on {@code weights}, the images in {@code images} and eagerae's {@code predictions} (CSV). */
    public record Outcome(int exitCode, String output) {}

    /** Runs the check, on one thread, from a module's folder (the script is {@code ../bench/check_export.py}). */
    public static Outcome run(Path weights, Path images, Path predictions) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", "../bench/check_export.py", weights.toString(), "--images", images.toString(),
                "--predictions", predictions.toString(), "--threads", "1").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(p.waitFor(), output);
    }
}

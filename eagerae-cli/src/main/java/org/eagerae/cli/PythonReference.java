package org.eagerae.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.InvalidInputException;

/** Runs the plain-PyTorch reference script and reads its member-epochs per second. */
final class PythonReference {

    private PythonReference() {}

    /**
     * Runs the reference once and returns its member-epochs per second.
     *
     * @param tunedAllocator give it the allocator settings eagerae uses ({@code MALLOC_*}); without,
     *                       it runs as a researcher would run it
     */
    static double run(String python, Path script, Path mnist, int members, int epochs, int trainSize, int valSize, int threads,
            boolean tunedAllocator) throws IOException, InterruptedException {
        List<String> command = List.of(python, script.toString(), "--data-dir", mnist.toString(), "--members", String.valueOf(members),
                "--epochs", String.valueOf(epochs), "--train-size", String.valueOf(trainSize), "--val-size", String.valueOf(valSize),
                "--threads", String.valueOf(threads));
        Process p;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            if (tunedAllocator) {
                org.eagerae.worker.NativeMemory.applyTo(builder.environment());
            } else {
                builder.environment().keySet().removeIf(k -> k.startsWith("MALLOC_"));
            }
            p = builder.start();
        } catch (IOException e) {
            throw new InvalidInputException("cannot run " + python + ": " + e.getMessage() + "; run bench/setup-pytorch.sh first");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new InvalidInputException("the PyTorch reference failed (exit " + p.exitValue()
                    + "); is torch installed for " + python + "? run bench/setup-pytorch.sh");
        }
        String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
        JsonNode json = new ObjectMapper().readTree(last);
        if (!json.has("member_epochs_per_second")) {
            throw new IOException("the PyTorch reference printed no member_epochs_per_second: " + last);
        }
        return json.get("member_epochs_per_second").asDouble();
    }
}

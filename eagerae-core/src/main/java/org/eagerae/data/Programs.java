package org.eagerae.data;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eagerae.InvalidInputException;

/**
 * Runs the external programs that fetch packages ({@code npm}, {@code apt-get}, {@code dpkg-deb}),
 * found on a search path: this process's {@code PATH}, or another one (tests put stand-ins for
 * the registries' clients first on it).
 *
 * @param searchPath the {@code PATH} the programs are looked up on and run with
 */
public record Programs(String searchPath) {

    private static final long TIMEOUT_MINUTES = 10;

    /** The programs on this process's {@code PATH}. */
    public static Programs fromEnvironment() {
        String path = System.getenv("PATH");
        return new Programs(path == null ? "" : path);
    }

    /**
     * Runs a command in a folder and returns its output. A program that cannot be started is bad
     * input with {@code advice}; a non-zero exit is an {@link IOException} whose message ends with
     * the program's last line of output, so that the cause reaches the user.
     */
    String run(Path dir, String advice, String... command) throws IOException {
        List<String> resolved = new ArrayList<>(List.of(command));
        resolved.set(0, find(command[0], advice).toString());
        ProcessBuilder builder = new ProcessBuilder(resolved).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", searchPath);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new InvalidInputException("cannot run " + command[0] + ": " + e.getMessage() + "; " + advice, e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                    + output.strip().lines().reduce((a, b) -> b).orElse("no output"));
        }
        return output;
    }

    /** The program's file on the search path (the JVM itself would search its own {@code PATH}). */
    private Path find(String program, String advice) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new InvalidInputException("cannot run " + program + ": not found on the PATH; " + advice);
    }
}

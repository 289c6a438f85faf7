package org.eagerae.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eagerae.InvalidInputException;

/**
 * The data folder: {@code --data-dir}, else {@code $EAGERAE_DATA}, else {@code ./data}; made
 * absolute and normalised once, here, so that every later step (and every program it runs in
 * another folder) sees the same path.
 */
final class DataDirs {

    private DataDirs() {}

    static Path resolve(Path explicit) {
        String env = System.getenv("EAGERAE_DATA");
        Path dir = explicit != null ? explicit : env != null && !env.isBlank() ? Path.of(env) : Path.of("data");
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new InvalidInputException("the data folder " + absolute + " is a file, not a folder"
                    + (explicit != null ? " (--data-dir)" : env != null && !env.isBlank() ? " ($EAGERAE_DATA)" : ""));
        }
        return absolute;
    }
}

package org.eagerae.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eagerae.InvalidInputException;

/** Checks on files a command is about to write. */
final class OutputFiles {

    private OutputFiles() {}

    /** Refuses a file that exists (unless {@code overwrite}) or a folder, before anything is computed. */
    static void requireNew(Path file, boolean overwrite) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + " is a folder; --out names the file to write");
        }
        if (Files.exists(file) && !overwrite) {
            throw new InvalidInputException(file + " exists; choose another --out or add --overwrite");
        }
    }
}

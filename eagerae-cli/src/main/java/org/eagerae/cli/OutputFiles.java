package org.eagerae.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;

/** Checks on files a command is about to write. */
final class OutputFiles {

    private OutputFiles() {}

    /**
     * Refuses a file that exists (unless {@code overwrite}), a folder, or a file in a place where none can be
     * written (a read-only folder, a file where a folder must be), before anything is computed.
     */
    static void requireNew(Path file, boolean overwrite) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + " is a folder; --out names the file to write");
        }
        if (Files.exists(file) && !overwrite) {
            throw new InvalidInputException(file + " exists; choose another --out or add --overwrite");
        }
        AtomicFiles.requireWritable(file);
    }
}

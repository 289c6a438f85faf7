package org.eagerae.cli;

import java.nio.file.Path;

/** The data folder: {@code --data-dir}, else {@code $EAGERAE_DATA}, else {@code ./data}. */
final class DataDirs {

    private DataDirs() {}

    static Path resolve(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        String env = System.getenv("EAGERAE_DATA");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("data");
    }
}

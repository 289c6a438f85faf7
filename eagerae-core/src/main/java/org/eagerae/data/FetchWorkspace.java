package org.eagerae.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The hidden temporary folders a fetch unpacks into, inside the dataset's folder so that files
 * move into place by a rename: {@code .fetch-PID-N}, named after the fetching process, so that a
 * later fetch can tell an interrupted fetch's leftovers (their process is gone) from a running one.
 */
final class FetchWorkspace {

    static final String PREFIX = ".fetch-";

    private FetchWorkspace() {}

    /** A new, empty workspace in {@code dir} (which must exist). */
    static Path create(Path dir) throws IOException {
        return Files.createTempDirectory(dir, PREFIX + ProcessHandle.current().pid() + "-");
    }

    /** Removes the workspaces in {@code dir} whose process is no longer running (or not named: older leftovers). */
    static void removeLeftovers(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(FetchWorkspace::isLeftover).forEach(FetchWorkspace::deleteTree);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static boolean isLeftover(Path entry) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(PREFIX) || !Files.isDirectory(entry)) {
            return false;
        }
        String owner = name.substring(PREFIX.length()).split("-", 2)[0];
        try {
            long pid = Long.parseLong(owner);
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Deletes a folder and everything in it. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + dir, e);
        }
    }
}

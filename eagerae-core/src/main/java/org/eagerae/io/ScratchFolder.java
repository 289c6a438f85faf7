package org.eagerae.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A temporary folder of this process's own, named {@code PREFIX + pid + "-" + random}: closing it
 * deletes it, and so does the JVM's orderly end (Ctrl-C, a plain {@code kill}). A process killed
 * harder leaves it behind; the next scratch folder made with the same prefix in the same place
 * removes such leftovers, which it tells from a running process's folder by the process id in the
 * name. A folder without a process id in its name (an older version's, which may still be running)
 * is never touched.
 */
public final class ScratchFolder implements AutoCloseable {

    private final Path path;
    private final Thread deleteAtExit;

    private ScratchFolder(Path path) {
        this.path = path;
        this.deleteAtExit = new Thread(() -> AtomicFiles.deleteTree(path), "delete " + path.getFileName());
        Runtime.getRuntime().addShutdownHook(deleteAtExit);
    }

    /** A new, empty folder in {@code parent} (which must exist), after removing the leftovers of ended processes there. */
    public static ScratchFolder create(Path parent, String prefix) throws IOException {
        removeLeftovers(parent, prefix);
        return new ScratchFolder(Files.createTempDirectory(parent, prefix + ProcessHandle.current().pid() + "-"));
    }

    /** As {@link #create}, in the system's temporary folder ({@code java.io.tmpdir}); the error says where it failed. */
    public static ScratchFolder temporary(String prefix, String purpose) {
        Path parent = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            return create(parent, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for " + purpose + " in " + parent + ": " + e.getMessage(), e);
        }
    }

    /** The folder. */
    public Path path() {
        return path;
    }

    /** Deletes the folder and everything in it (what cannot be deleted is left for the next scratch folder to remove). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(deleteAtExit);
        } catch (IllegalStateException e) {
            // the JVM is ending: the hook deletes the folder
            return;
        }
        AtomicFiles.deleteTree(path);
    }

    /**
     * Removes the folders in {@code dir} named {@code PREFIX + pid + "-" + ...} whose process has
     * ended. A folder whose name carries no process id is left alone, whoever made it, as is one
     * that cannot be removed (another user's).
     */
    public static void removeLeftovers(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(entry -> isLeftover(entry, prefix)).forEach(AtomicFiles::deleteTree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static boolean isLeftover(Path entry, String prefix) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(prefix) || !Files.isDirectory(entry)) {
            return false;
        }
        String[] owner = name.substring(prefix.length()).split("-", 2);
        if (owner.length < 2 || owner[0].isEmpty() || !owner[0].chars().allMatch(Character::isDigit) || owner[0].length() > 18) {
            return false;
        }
        long pid = Long.parseLong(owner[0]);
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }
}

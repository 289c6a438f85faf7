package org.eagerae.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A temporary folder of this process's own, named {@code PREFIX + pid + "-" + random}: closing it
 * deletes it, and so does the JVM's orderly end (Ctrl-C, a plain {@code kill}). A process killed
 * harder leaves it behind; the next scratch folder made with the same prefix in the same place
 * removes such leftovers. A folder counts as left over only when both its owner's marks say so:
 * the process id in its name names no running process, and the lock its owner holds on the file
 * {@value #LOCK} inside it (released by the operating system when a process ends, however it ends)
 * is free. A folder without a process id in its name (an older version's, which may still be
 * running) is never touched; cleaning up is best-effort and never fails the caller.
 */
public final class ScratchFolder implements AutoCloseable {

    /** The file inside the folder that its owner keeps locked. */
    static final String LOCK = ".owner.lock";

    private final Path path;
    private final FileChannel lock;
    private final Thread deleteAtExit;

    private ScratchFolder(Path path, FileChannel lock) {
        this.path = path;
        this.lock = lock;
        this.deleteAtExit = new Thread(() -> AtomicFiles.deleteTree(path), "delete " + path.getFileName());
        Runtime.getRuntime().addShutdownHook(deleteAtExit);
    }

    /** A new, empty folder (but for its lock file) in {@code parent}, which must exist, after removing the leftovers there. */
    public static ScratchFolder create(Path parent, String prefix) throws IOException {
        removeLeftovers(parent, prefix);
        Path dir = Files.createTempDirectory(parent, prefix + ProcessHandle.current().pid() + "-");
        FileChannel lock = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            lock.lock();
        } catch (IOException | RuntimeException e) {
            lock.close();
            AtomicFiles.deleteTree(dir);
            throw e;
        }
        return new ScratchFolder(dir, lock);
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
            return; // the JVM is ending: the hook deletes the folder
        }
        try {
            lock.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
        AtomicFiles.deleteTree(path);
    }

    /** Removes the folders in {@code dir} made with {@code prefix} by processes that have ended; see the class comment. */
    public static void removeLeftovers(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(entry -> isLeftover(entry, prefix)).forEach(AtomicFiles::deleteTree);
        } catch (IOException | UncheckedIOException | DirectoryIteratorException e) {
            // a folder that cannot be listed keeps its leftovers; making a new one may still work
        }
    }

    private static boolean isLeftover(Path entry, String prefix) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(prefix) || !Files.isDirectory(entry)) {
            return false;
        }
        String[] owner = name.substring(prefix.length()).split("-", 2);
        if (owner.length < 2 || owner[0].isEmpty() || owner[0].length() > 18 || !owner[0].chars().allMatch(Character::isDigit)) {
            return false;
        }
        long pid = Long.parseLong(owner[0]);
        boolean ended = pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        return ended && lockIsFree(entry.resolve(LOCK));
    }

    /** Whether no process holds the lock on {@code file}; true when there is no such file (a folder made before locks). */
    private static boolean lockIsFree(Path file) {
        if (!Files.exists(file)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock taken = channel.tryLock();
            if (taken == null) {
                return false;
            }
            taken.release();
            return true;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }
}

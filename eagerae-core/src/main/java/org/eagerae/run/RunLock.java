package org.eagerae.run;

import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.eagerae.InvalidInputException;

/**
 * The lock that makes one process the only one training a run: {@code run.lock} in the run folder,
 * a JSON record of the holder (pid, host, start times). A lock whose holder is a process that no
 * longer runs on this host is stale and taken over, with one warning; a live holder, or one on
 * another host (which cannot be checked from here), makes {@link #acquire} refuse. A lock file that
 * was never completely written (left empty or cut off by a full disk or a crash) is no lock: it is
 * removed, with one warning. Closing the lock removes the file; so does the JVM's shutdown on a
 * signal. A process killed outright leaves the file behind, and the next process finds it stale.
 */
public final class RunLock implements AutoCloseable {

    /**
     * Who holds a lock.
     *
     * @param pid          the holder's process id
     * @param host         the holder's machine
     * @param startedAt    when it took the lock (ISO-8601)
     * @param processStart when the holder process started (ISO-8601), to tell it from a later process with its pid
     */
    public record Holder(long pid, String host, String startedAt, String processStart) {

        static Holder thisProcess() {
            ProcessHandle self = ProcessHandle.current();
            return new Holder(self.pid(), Environment.host(), Instant.now().toString(), processStart(self).orElse(null));
        }

        private static Optional<String> processStart(ProcessHandle process) {
            return process.info().startInstant().map(Instant::toString);
        }

        /** Whether the holder still runs: its pid is alive and, where known, started when the holder did. */
        boolean isAlive() {
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return false;
            }
            Optional<String> started = processStart(process.get());
            return processStart == null || started.isEmpty() || started.get().equals(processStart);
        }

        String describe() {
            return "process " + pid + " on " + host + " (since " + startedAt + ")";
        }
    }

    /** How long an incomplete lock file may be in the middle of being written. */
    private static final Duration WRITE_GRACE = Duration.ofSeconds(2);

    private final Path file;
    private final byte[] content;
    private final Thread releaseOnShutdown;

    private RunLock(Path file, byte[] content) {
        this.file = file;
        this.content = content;
        this.releaseOnShutdown = new Thread(this::release, "release-" + file.getFileName());
        Runtime.getRuntime().addShutdownHook(releaseOnShutdown);
    }

    /**
     * Takes the lock in {@code file}, taking over a stale one (saying so to {@code warnings}).
     *
     * @throws InvalidInputException the lock is held by a live process, or one on another host
     */
    public static RunLock acquire(Path file, Consumer<String> warnings) {
        Holder me = Holder.thisProcess();
        byte[] content;
        try {
            content = RunDirectory.JSON.writeValueAsBytes(me);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long waitingSince = System.nanoTime();
        for (int attempt = 0; attempt < 3; attempt++) {
            if (tryCreate(file, content)) {
                return new RunLock(file, content);
            }
            Optional<byte[]> found = readBytes(file);
            if (found.isEmpty()) {
                continue; // released meanwhile
            }
            if (isIncomplete(found.get())) {
                if (beingWritten(file, waitingSince)) {
                    attempt--; // where links are not supported, a lock is created and then written: give its writer time
                    continue;
                }
                // a lock is written whole before it appears; this one was cut off (a full disk, a crash) and guards nothing
                warnings.accept("removing the lock " + file + ", which was never completely written (" + found.get().length + " bytes)");
                removeIfUnchanged(file, found.get());
                continue;
            }
            Holder holder = parse(file, found.get());
            Path run = file.toAbsolutePath().getParent();
            if (!holder.host().equals(me.host())) {
                throw new InvalidInputException("run folder " + run + " is locked by " + holder.describe()
                        + ", another host; if that process has ended, delete " + file);
            }
            if (holder.isAlive()) {
                throw new InvalidInputException("run folder " + run + " is in use by " + holder.describe()
                        + "; wait for it to finish or stop it");
            }
            warnings.accept("taking over the lock of " + run + " from " + holder.describe() + ", which no longer runs");
            removeIfUnchanged(file, found.get());
        }
        throw new IllegalStateException("could not take the lock " + file + ": other processes keep taking it");
    }

    /**
     * Creates the file with its whole content in one step (a hard link to a file written first), or
     * returns false when it exists. Where links are not supported the file is created and then
     * written; a write that fails removes it again.
     */
    private static boolean tryCreate(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, content); // a full disk fails here, before the lock exists
                try {
                    Files.createLink(file, tmp); // atomic, and fails when the lock exists
                    return true;
                } catch (FileAlreadyExistsException e) {
                    return false;
                } catch (UnsupportedOperationException | IOException noLinks) {
                    // written below
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                try {
                    out.write(content);
                } catch (IOException e) {
                    Files.deleteIfExists(file);
                    throw e;
                }
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lock " + file, e);
        }
    }

    /**
     * Whether an incomplete lock file may still be being written: it changed within the last
     * {@link #WRITE_GRACE} (after a short pause), and this process has not waited that long yet.
     */
    private static boolean beingWritten(Path file, long waitingSince) {
        if (Duration.ofNanos(System.nanoTime() - waitingSince).compareTo(WRITE_GRACE) >= 0) {
            return false;
        }
        try {
            if (Duration.between(Files.getLastModifiedTime(file).toInstant(), Instant.now()).compareTo(WRITE_GRACE) >= 0) {
                return false;
            }
        } catch (NoSuchFileException gone) {
            // released meanwhile: look again
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lock " + file, e);
        }
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lock " + file, e);
        }
        return true;
    }

    /**
     * Whether a lock file was cut off while it was written: empty, only zero bytes (as a crash
     * can leave a file's blocks), or a JSON record that ends before it closes.
     */
    private static boolean isIncomplete(byte[] bytes) {
        boolean zeros = true;
        for (byte b : bytes) {
            zeros &= b == 0;
        }
        if (zeros) {
            return true;
        }
        try {
            RunDirectory.JSON.readTree(bytes);
            return false;
        } catch (JsonEOFException cutOff) {
            return true;
        } catch (IOException other) {
            return false; // not JSON at all: not ours to remove
        }
    }

    private static Optional<byte[]> readBytes(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lock " + file, e);
        }
    }

    private static Holder parse(Path file, byte[] bytes) {
        try {
            Holder holder = RunDirectory.JSON.readValue(bytes, Holder.class);
            if (holder.host() == null || holder.pid() <= 0) {
                throw new IOException("no pid or host");
            }
            return holder;
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not a lock this eagerae can read; if no eagerae process uses the run, delete it");
        }
    }

    private static void removeIfUnchanged(Path file, byte[] expected) {
        if (readBytes(file).map(now -> Arrays.equals(now, expected)).orElse(false)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the stale lock " + file, e);
            }
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    private void release() {
        removeIfUnchanged(file, content);
    }

    /** Releases the lock: removes the file if it is still this lock. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(releaseOnShutdown);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, or has run, anyway
        }
        release();
    }
}

package org.eagerae.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eagerae.InvalidInputException;

/**
 * Writes files so that a reader never sees a half-written one: the content goes to a temporary
 * file in the same folder, is forced to disk, and is renamed over the target in one step.
 */
public final class AtomicFiles {

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final String TEMPORARY_SUFFIX = ".tmp";

    private AtomicFiles() {}

    /** Writes {@code file} atomically with the given writer. */
    public static void write(Path file, Writer writer) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + file.getFileName(), TEMPORARY_SUFFIX);
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // temporary files are private; the finished file is readable like any other
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            move(tmp, file);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more
                }
            }
        }
    }

    /**
     * Refuses, before any work, a file that {@link #write} could not write: a folder of that name, or a
     * place where no file can be made ({@link #requireWritableFolder} of its folder).
     *
     * @throws InvalidInputException what is in the way
     */
    public static void requireWritable(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + " is a folder, not a file");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            requireWritableFolder(parent);
        }
    }

    /**
     * Refuses, before any work, a folder in which files cannot be made: the folder, or where it does not
     * exist yet the nearest folder above it (in which it would be made), must be a folder this process may
     * write in. Nothing is written to find out.
     *
     * @throws InvalidInputException what is in the way: a file where a folder must be, or a folder that is not writable
     */
    public static void requireWritableFolder(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new InvalidInputException("cannot make " + dir + ": none of the folders above it exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new InvalidInputException("cannot write in " + dir + ": " + existing + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new InvalidInputException("cannot write in " + dir + ": " + (existing.equals(dir.toAbsolutePath()) ? "the folder"
                    : "the folder above it, " + existing + ",") + " is not writable");
        }
    }

    /** Whether a file is the temporary file of a write that never finished (its process ended first). */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMPORARY_SUFFIX);
    }

    /** Writes a UTF-8 text file atomically. */
    public static void writeString(Path file, String text) {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Deletes a folder this process created, with everything in it, for example one left half-made
     * by an error; failures are ignored, as the error that led here matters more.
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // the caller's error matters more
        }
    }

    /** Renames {@code from} onto {@code to}, atomically where the file system allows. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package org.eagerae.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eagerae.InvalidInputException;

/**
 * A data file's bytes, memory-mapped read-only: reading it costs no copy and no Java heap, and the
 * pages that several processes read (the coordinator and its workers) lie once in the operating
 * system's file cache. A mapped file must not change while it is read; {@link ByteImages} reads
 * its images once, when a split is drawn, and says so if the file changed meanwhile.
 */
final class FileBytes {

    private FileBytes() {}

    /** Maps the whole file, read-only; a missing file is bad input. */
    static ByteBuffer map(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new InvalidInputException(file + ": " + size + " bytes, more than one data file may hold (2 GB)");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

package org.eagerae.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;

/**
 * A {@code metrics.csv} of {@link EpochRecord} rows: the run's and each member's. Rows are found
 * by member and epoch number, never by position, and an epoch's row is written once: an append
 * that would repeat an epoch, or skip one, is refused.
 */
public final class MetricsFile {

    private MetricsFile() {}

    /**
     * The rows of a file up to its first damaged line.
     *
     * @param rows      the rows before the damaged line (all rows when there is none)
     * @param damage    where and how the first damaged line is damaged, if there is one
     */
    public record Prefix(List<EpochRecord> rows, Optional<String> damage) {}

    /** All rows of the file, or none when it does not exist; a damaged line is an {@link InvalidInputException} naming it. */
    public static List<EpochRecord> read(Path file) {
        Prefix prefix = readPrefix(file);
        if (prefix.damage().isPresent()) {
            throw new InvalidInputException(prefix.damage().get());
        }
        return prefix.rows();
    }

    /** The rows up to the first line that does not parse, and that line's description. */
    public static Prefix readPrefix(Path file) {
        if (!Files.exists(file)) {
            return new Prefix(List.of(), Optional.empty());
        }
        try {
            return parse(file, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Prefix parse(Path file, String text) {
        List<EpochRecord> rows = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.equals(EpochRecord.CSV_HEADER))) {
                continue;
            }
            String shown = line.length() > 60 ? line.substring(0, 60) + "..." : line;
            if (i == lines.size() - 1 && !text.endsWith("\n")) {
                return new Prefix(rows, Optional.of(file + ": line " + (i + 1) + " is incomplete (no end of line): '" + shown + "'"));
            }
            try {
                rows.add(EpochRecord.fromCsv(line));
            } catch (IllegalArgumentException e) {
                return new Prefix(rows, Optional.of(file + ": line " + (i + 1) + " is not a metrics row: '" + shown + "'"));
            }
        }
        return new Prefix(rows, Optional.empty());
    }

    /**
     * Appends one row, writing the header first if the file is new. The row must be its member's
     * next epoch in this file (epoch 1, or one more than the member's last row); anything else,
     * such as a second row for an epoch, is refused with an {@link IllegalStateException}. The
     * check and the append hold the file's lock, so two processes cannot both append one epoch.
     */
    public static void append(Path file, EpochRecord record) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            ByteBuffer existing = ByteBuffer.allocate((int) channel.size());
            while (existing.hasRemaining() && channel.read(existing, existing.position()) >= 0) {
                // read the whole file
            }
            requireNext(file, parse(file, new String(existing.array(), StandardCharsets.UTF_8)).rows(), record);
            String text = (existing.capacity() == 0 ? EpochRecord.CSV_HEADER + "\n" : "") + record.toCsv() + "\n";
            ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            long position = channel.size();
            while (out.hasRemaining()) {
                position += channel.write(out, position);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** Refuses, as {@link #append} would, a row that is not its member's next epoch in the file. */
    public static void requireNext(Path file, EpochRecord record) {
        requireNext(file, readPrefix(file).rows(), record);
    }

    private static void requireNext(Path file, List<EpochRecord> rows, EpochRecord record) {
        int last = rows.stream().filter(r -> r.member() == record.member()).mapToInt(EpochRecord::epoch).max().orElse(0);
        if (record.epoch() != last + 1) {
            throw new IllegalStateException(file + " refuses member " + record.member() + "'s epoch " + record.epoch()
                    + (record.epoch() <= last ? ": that epoch is there already" : ": its last epoch there is " + last));
        }
    }

    /** Replaces the file with these rows, atomically. */
    public static void write(Path file, List<EpochRecord> rows) {
        StringBuilder text = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        rows.forEach(r -> text.append(r.toCsv()).append('\n'));
        AtomicFiles.writeString(file, text.toString());
    }
}

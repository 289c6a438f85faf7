package org.eagerae.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;

/** A {@code metrics.csv} of {@link EpochRecord} rows: the run's and each member's. */
public final class MetricsFile {

    private MetricsFile() {}

    /** All rows of the file, or none when it does not exist. */
    public static List<EpochRecord> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<EpochRecord> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.startsWith("member")) {
                    rows.add(EpochRecord.fromCsv(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file + ": " + e.getMessage());
        }
    }

    /** Appends one row, writing the header first if the file is new. */
    public static void append(Path file, EpochRecord record) {
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, EpochRecord.CSV_HEADER + "\n");
            }
            Files.writeString(file, record.toCsv() + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** Replaces the file with these rows, atomically. */
    public static void write(Path file, List<EpochRecord> rows) {
        StringBuilder text = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        rows.forEach(r -> text.append(r.toCsv()).append('\n'));
        AtomicFiles.writeString(file, text.toString());
    }
}

package org.eagerae.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;

/**
 * A run's {@code probe.csv}: one {@link ProbeRecord} per epoch, epoch 0 first, with the columns
 * {@code epoch, run_seconds, probe_seconds, vote_accuracy, m00_accuracy, m01_accuracy, ...}. The
 * file is written whole and atomically after every epoch, so it is never half a row. Seconds are kept to
 * the millisecond, accuracies exactly (as Java prints a double), so a row reads back as it was made.
 */
public final class ProbeFile {

    private ProbeFile() {}

    /** The rows of the file, oldest first; none when it does not exist. A line that does not parse is an error naming it. */
    public static List<ProbeRecord> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<ProbeRecord> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            try {
                if (cells.length < 5) {
                    throw new NumberFormatException("too few columns");
                }
                List<Double> members = Arrays.stream(cells, 4, cells.length).map(Double::valueOf).toList();
                rows.add(new ProbeRecord(Integer.parseInt(cells[0]), Double.parseDouble(cells[1]), Double.parseDouble(cells[2]),
                        Double.parseDouble(cells[3]), members));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(file + " line " + (i + 1) + " is damaged (" + e.getMessage() + "): '" + lines.get(i) + "'");
            }
        }
        return rows;
    }

    /** Writes {@code rows} as the whole file, atomically. */
    public static void write(Path file, List<ProbeRecord> rows) {
        StringBuilder text = new StringBuilder("epoch,run_seconds,probe_seconds,vote_accuracy");
        int members = rows.isEmpty() ? 0 : rows.get(0).memberAccuracies().size();
        for (int k = 0; k < members; k++) {
            text.append(String.format(Locale.ROOT, ",m%02d_accuracy", k));
        }
        text.append('\n');
        for (ProbeRecord r : rows) {
            text.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,", r.epoch(), r.runSeconds(), r.probeSeconds())).append(r.voteAccuracy());
            r.memberAccuracies().forEach(a -> text.append(',').append(a));
            text.append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }
}

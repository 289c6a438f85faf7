package org.eagerae.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;

/**
 * When each member's epochs trained, on the run's own clock: the run's {@code schedule.csv}. The
 * clock runs while an invocation trains the run; it starts when the invocation's first member
 * starts training and goes on from where the previous invocation left it, so it counts training
 * (and the backend's overheads between epochs) but not start-up or the time between invocations.
 * With it, "the ensemble at time T" is each member's latest epoch that had ended by T, however the
 * backend scheduled the members: in turns on workers, one after the other, or one per core.
 *
 * @param entries one per trained epoch, in the order they ended; an epoch trained again after a
 *                resume has a later entry, which counts
 */
public record RunSchedule(List<Entry> entries) {

    /** The CSV header line. */
    public static final String CSV_HEADER = "member,epoch,start_seconds,end_seconds";

    /**
     * One member's epoch on the run's clock.
     *
     * @param member       member index
     * @param epoch        epoch number
     * @param startSeconds when it started
     * @param endSeconds   when it ended (its checkpoint and row on disk)
     */
    public record Entry(int member, int epoch, double startSeconds, double endSeconds) {

        String toCsv() {
            return String.format(Locale.ROOT, "%d,%d,%.4f,%.4f", member, epoch, startSeconds, endSeconds);
        }

        static Entry fromCsv(Path file, int line, String text) {
            String[] f = text.split(",");
            try {
                if (f.length == 4) {
                    return new Entry(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidInputException(file + ": line " + line + " is not a schedule row: '" + text + "'");
        }
    }

    public RunSchedule {
        entries = List.copyOf(entries);
    }

    /** The schedule in {@code file}; empty when there is none (a run not trained yet). */
    static RunSchedule read(Path file) {
        if (!Files.exists(file)) {
            return new RunSchedule(List.of());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank() && !(i == 0 && lines.get(i).equals(CSV_HEADER))) {
                entries.add(Entry.fromCsv(file, i + 1, lines.get(i)));
            }
        }
        return new RunSchedule(entries);
    }

    /** Writes the schedule to {@code file}, atomically. */
    void write(Path file) {
        StringBuilder text = new StringBuilder(CSV_HEADER).append('\n');
        entries.forEach(e -> text.append(e.toCsv()).append('\n'));
        AtomicFiles.writeString(file, text.toString());
    }

    /** This schedule with one more entry. */
    public RunSchedule with(Entry entry) {
        List<Entry> list = new ArrayList<>(entries);
        list.add(entry);
        return new RunSchedule(list);
    }

    /** Whether nothing is recorded (a run trained before eagerae recorded schedules, or not trained yet). */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** When the run's clock stood at the end of the last recorded epoch (0 when none). */
    public double lastEnd() {
        return entries.stream().mapToDouble(Entry::endSeconds).max().orElse(0);
    }

    /** When a member's epoch ended on the run's clock, if it is recorded. */
    public OptionalDouble end(int member, int epoch) {
        OptionalDouble end = OptionalDouble.empty();
        for (Entry e : entries) {
            if (e.member() == member && e.epoch() == epoch) {
                end = OptionalDouble.of(e.endSeconds());
            }
        }
        return end;
    }

    /** When the last of {@code members} finished epoch {@code epoch}: the ensemble's time at that epoch, if every one is recorded. */
    public OptionalDouble allEnded(int members, int epoch) {
        double latest = 0;
        for (int k = 0; k < members; k++) {
            OptionalDouble end = end(k, epoch);
            if (end.isEmpty()) {
                return OptionalDouble.empty();
            }
            latest = Math.max(latest, end.getAsDouble());
        }
        return OptionalDouble.of(latest);
    }
}

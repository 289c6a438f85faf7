package org.eagerae.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.run.RunDirectory;
import org.eagerae.io.AtomicFiles;

/**
 * The experiment's folder: {@code experiment.json} (settings), {@code repeat-N/monolithic/} and
 * {@code repeat-N/ensemble/} (ordinary run folders), {@code results.csv} (one row per classifier
 * result), {@code figures/} and {@code report.html}.
 */
public final class ExperimentLayout {

    private final Path root;
    /** Whether results.csv is known to have the current header, so that later appends need not read it again. */
    private boolean resultsHeaderChecked;

    public ExperimentLayout(Path root) {
        this.root = root;
    }

    /** The folder. */
    public Path root() {
        return root;
    }

    /** The run folder of a model in a repeat. */
    public Path run(int repeat, String model) {
        return root.resolve("repeat-" + repeat).resolve(model);
    }

    /** {@code figures/}. */
    public Path figures() {
        return root.resolve("figures");
    }

    /** {@code report.html}. */
    public Path report() {
        return root.resolve("report.html");
    }

    private Path configFile() {
        return root.resolve("experiment.json");
    }

    private Path resultsFile() {
        return root.resolve("results.csv");
    }

    /** Whether the folder holds an experiment. */
    public boolean exists() {
        return Files.isRegularFile(configFile());
    }

    /** Writes the settings. */
    public void writeConfig(ExperimentConfig config) {
        AtomicFiles.write(configFile(), out -> out.write(RunDirectory.JSON.writeValueAsBytes(config)));
    }

    /** Reads the settings. */
    public ExperimentConfig readConfig() {
        if (!exists()) {
            throw new InvalidInputException(root + " is not an experiment folder: it has no experiment.json");
        }
        try {
            return RunDirectory.JSON.readValue(configFile().toFile(), new TypeReference<ExperimentConfig>() {});
        } catch (IOException e) {
            throw new InvalidInputException(configFile() + ": cannot read: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** All result rows so far. */
    public List<ResultRow> readResults() {
        return Files.exists(resultsFile()) ? ResultRow.readAll(resultsFile()) : List.of();
    }

    private String firstLine() throws IOException {
        try (var lines = Files.lines(resultsFile())) {
            return lines.findFirst().orElse("");
        }
    }

    /**
     * A results file written by an earlier version, with fewer columns, rewritten (atomically) under today's header, its rows
     * as they were with the new columns empty ({@code labels_in_all} 0), so that rows appended now fit the header.
     */
    private void rewriteWithTheCurrentColumns() {
        StringBuilder text = new StringBuilder(ResultRow.CSV_HEADER).append('\n');
        readResults().forEach(r -> text.append(r.toCsv()).append('\n'));
        AtomicFiles.writeString(resultsFile(), text.toString());
    }

    /**
     * Appends result rows (one finished evaluation at a time, so an interruption loses at most one); a file written by an
     * earlier version first gets today's columns.
     */
    public synchronized void appendResults(List<ResultRow> rows) {
        try {
            if (!resultsHeaderChecked) {
                if (!Files.exists(resultsFile())) {
                    Files.writeString(resultsFile(), ResultRow.CSV_HEADER + "\n");
                } else if (!ResultRow.CSV_HEADER.equals(firstLine())) {
                    rewriteWithTheCurrentColumns();
                }
                resultsHeaderChecked = true;
            }
            StringBuilder text = new StringBuilder();
            rows.forEach(r -> text.append(r.toCsv()).append('\n'));
            Files.writeString(resultsFile(), text.toString(), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + resultsFile(), e);
        }
    }
}

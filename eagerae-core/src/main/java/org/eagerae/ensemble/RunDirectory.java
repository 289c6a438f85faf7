package org.eagerae.ensemble;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;
import org.eagerae.train.Checkpoint;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.MetricsFile;

/**
 * A run's folder, the contract between commands: {@code run.json} (settings, seeds, versions,
 * machine, member outcomes), {@code metrics.csv} (one row per member and epoch) and
 * {@code members/mNN/} (each member's checkpoints and its own metrics rows).
 */
public final class RunDirectory {

    /** The JSON mapper used for every file of a run. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates a new run folder; refuses one that already holds files, so that no earlier run is
     * overwritten.
     */
    public static RunDirectory create(Path root) {
        requireUnused(root);
        try {
            Files.createDirectories(root.resolve("members"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
        return new RunDirectory(root);
    }

    /** Refuses a folder that exists and holds anything, so that no earlier run is overwritten. */
    public static void requireUnused(Path root) {
        if (Files.exists(root) && !isEmptyDirectory(root)) {
            throw new InvalidInputException("run directory " + root + " is not empty; use --resume to continue it or choose another --out");
        }
    }

    /** Opens an existing run folder (one with a {@code run.json}). */
    public static RunDirectory open(Path root) {
        if (!Files.isRegularFile(root.resolve("run.json"))) {
            throw new InvalidInputException(root + " is not a run directory: it has no run.json");
        }
        return new RunDirectory(root);
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The folder itself. */
    public Path root() {
        return root;
    }

    /** The folder of a member. */
    public Path memberDir(int member) {
        return root.resolve("members").resolve(new MemberJob(member, 0).folderName());
    }

    /** The checkpoint of a member after an epoch. */
    public Path checkpoint(int member, int epoch) {
        return memberDir(member).resolve(Checkpoint.fileName(epoch));
    }

    /** {@code run.json}. */
    public Path manifestFile() {
        return root.resolve("run.json");
    }

    /** {@code classify.json}: every classification result. */
    public Path classifyFile() {
        return root.resolve("classify.json");
    }

    /** {@code models/}: the saved models, one folder each, laid out by {@code org.eagerae.models.ModelStore}. */
    public Path modelsDir() {
        return root.resolve("models");
    }

    /** {@code inputs/}: images handed over in memory (Java API), kept as NumPy arrays for every process that trains. */
    public Path inputsDir() {
        return root.resolve("inputs");
    }

    /** {@code metrics.csv}. */
    public Path metricsFile() {
        return root.resolve("metrics.csv");
    }

    /** Reads {@code run.json}. */
    public RunManifest readManifest() {
        try {
            return JSON.readValue(manifestFile().toFile(), RunManifest.class);
        } catch (IOException e) {
            throw new InvalidInputException(manifestFile() + ": cannot read run manifest: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Writes {@code run.json} atomically. */
    public void writeManifest(RunManifest manifest) {
        AtomicFiles.write(manifestFile(), out -> out.write(JSON.writeValueAsBytes(manifest)));
    }

    /** Appends one epoch's row to {@code metrics.csv}, writing the header first if needed. */
    public synchronized void appendMetrics(EpochRecord record) {
        MetricsFile.append(metricsFile(), record);
    }

    /**
     * Rewrites {@code metrics.csv} from the members' own files, sorted by member and epoch: the
     * authoritative copy after a run ends or resumes.
     */
    public void consolidateMetrics(int members) {
        List<EpochRecord> all = new ArrayList<>();
        for (int k = 0; k < members; k++) {
            all.addAll(MetricsFile.read(memberDir(k).resolve("metrics.csv")));
        }
        all.sort(Comparator.comparingInt(EpochRecord::member).thenComparingInt(EpochRecord::epoch));
        MetricsFile.write(metricsFile(), all);
    }

    /** All rows of {@code metrics.csv}. */
    public List<EpochRecord> readMetrics() {
        return MetricsFile.read(metricsFile());
    }
}

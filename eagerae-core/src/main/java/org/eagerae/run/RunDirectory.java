package org.eagerae.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.MemberFolder;
import org.eagerae.train.MetricsFile;
import org.eagerae.train.ProbeFile;
import org.eagerae.train.ProbeRecord;

/**
 * A run's folder, the contract between commands, and the one owner of its paths: {@code run.json}
 * (settings, seeds, versions, machine, member outcomes), {@code metrics.csv} (one row per member
 * and epoch), {@code schedule.csv} (when each epoch trained, on the run's clock), {@code run.lock}, {@code members/mNN/} (each member's checkpoints and its own
 * metrics rows, handed out as a {@link MemberFolder}), {@code logs/}, {@code classify.json} and
 * {@code figures/}. Other classes ask it for a path; none builds one of its own.
 */
public final class RunDirectory {

    /** The JSON mapper used for every file of a run. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The longest name, in bytes, that the usual file systems allow for a file or folder (ext4, XFS, Btrfs, APFS, tmpfs). */
    static final int NAME_MAX = 255;

    private final Path root;
    /** The folders {@link #create} made, outermost first (empty for a run opened); {@link #discardNew} removes them. */
    private final List<Path> made;

    private RunDirectory(Path root, List<Path> made) {
        this.root = root;
        this.made = made;
    }

    private RunDirectory(Path root) {
        this(root, List.of());
    }

    /**
     * Creates a new run folder, and the folders above it that do not exist yet; refuses one that
     * already holds files, so that no earlier run is overwritten. When a folder cannot be made,
     * those made before it are removed again.
     */
    public static RunDirectory create(Path root) {
        requireUnused(root);
        List<Path> missing = new ArrayList<>();
        for (Path p = root.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        missing.add(root.toAbsolutePath().resolve("members"));
        List<Path> made = new ArrayList<>();
        try {
            for (Path p : missing) {
                try {
                    Files.createDirectory(p);
                    made.add(p);
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(p)) {
                        throw e;
                    } // made by another process meanwhile: not ours to remove
                }
            }
        } catch (IOException e) {
            removeEmpty(made);
            if (e instanceof FileSystemException f && f.getReason() != null && f.getReason().toLowerCase(Locale.ROOT).contains("name too long")) {
                throw new InvalidInputException("run directory " + root + " cannot be made: " + f.getReason() + "; choose a shorter path", e);
            }
            throw new UncheckedIOException("cannot create " + root, e);
        }
        return new RunDirectory(root, List.copyOf(made));
    }

    /**
     * Removes a run folder that {@link #create} made and that was then refused (bad settings or
     * data): everything in it, and the folders above it that {@code create} made. A folder that
     * existed before stays, empty as it was.
     */
    public void discardNew() {
        try (Stream<Path> entries = Files.list(root)) {
            entries.forEach(AtomicFiles::deleteTree);
        } catch (IOException | UncheckedIOException ignored) {
            // the caller's error matters more
        }
        removeEmpty(made);
    }

    /** Removes these folders, innermost first, where they are empty. */
    private static void removeEmpty(List<Path> folders) {
        for (int i = folders.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(folders.get(i));
            } catch (IOException ignored) {
                // not empty, or not ours to remove: the caller's error matters more
            }
        }
    }

    /**
     * Refuses a folder that exists and holds anything, so that no earlier run is overwritten, and
     * one that cannot be made because a name in its path is longer than a file system allows.
     */
    public static void requireUnused(Path root) {
        for (Path p = root.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new InvalidInputException("run directory " + root + (p.equals(root.toAbsolutePath()) ? "" : ": " + p)
                        + " is a file, not a folder; choose another folder");
            }
        }
        for (Path p = root.toAbsolutePath(); p != null && p.getFileName() != null && !Files.exists(p); p = p.getParent()) {
            String name = p.getFileName().toString();
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > NAME_MAX) {
                throw new InvalidInputException("run directory " + root + " cannot be made: the name "
                        + name.codePoints().limit(40).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "... is "
                        + bytes + " bytes long, more than the " + NAME_MAX + " bytes a name may have; choose a shorter one");
            }
        }
        if (Files.exists(root) && !isEmptyDirectory(root)) {
            throw new InvalidInputException("run directory " + root + " is not empty; resume the run in it or choose another folder");
        }
    }

    /** Opens an existing run folder (one with a {@code run.json}). */
    public static RunDirectory open(Path root) {
        if (!isRun(root)) {
            throw new InvalidInputException(root + " is not a run directory: it has no run.json");
        }
        return new RunDirectory(root);
    }

    /** Whether a folder holds a run (has a {@code run.json}). */
    public static boolean isRun(Path root) {
        return Files.isRegularFile(new RunDirectory(root).manifestFile());
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

    /** The files of member {@code k}: {@code members/mNN/}. */
    public MemberFolder member(int k) {
        return new MemberFolder(root.resolve("members").resolve(String.format("m%02d", k)), k);
    }

    /**
     * The attempts at member {@code k} set aside because it was stuck, oldest first:
     * {@code members/mNN.stuck-1/}, {@code members/mNN.stuck-2/}, ...
     */
    public List<MemberFolder> stuckAttempts(int k) {
        List<MemberFolder> out = new ArrayList<>();
        for (int n = 1; Files.isDirectory(stuckAttempt(k, n)); n++) {
            out.add(new MemberFolder(stuckAttempt(k, n), k));
        }
        return out;
    }

    /**
     * Sets member {@code k}'s files aside as its next stuck attempt (one rename of its folder), so that
     * it starts again from an empty folder; returns the folder it was moved to.
     */
    public MemberFolder setAsideStuckAttempt(int k) {
        Path target = stuckAttempt(k, stuckAttempts(k).size() + 1);
        try {
            Files.move(member(k).dir(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set member " + k + "'s stuck attempt aside as " + target, e);
        }
        return new MemberFolder(target, k);
    }

    /** The folder of member {@code k}'s {@code n}-th attempt set aside as stuck ({@code members/mNN.stuck-N/}), whether it exists or not. */
    public Path stuckAttempt(int k, int n) {
        return member(k).dir().resolveSibling(member(k).dir().getFileName() + ".stuck-" + n);
    }

    /** The checkpoint of a member after an epoch. */
    public Path checkpoint(int member, int epoch) {
        return member(member).checkpoint(epoch);
    }

    /** {@code run.json}. */
    public Path manifestFile() {
        return root.resolve("run.json");
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

    /** {@code schedule.csv}: when each member's epochs trained, on the run's clock ({@link RunSchedule}). */
    public Path scheduleFile() {
        return root.resolve("schedule.csv");
    }

    /** Reads {@code schedule.csv}; empty when the run has none yet. */
    public RunSchedule readSchedule() {
        return RunSchedule.read(scheduleFile());
    }

    /** Writes {@code schedule.csv} atomically. */
    public void writeSchedule(RunSchedule schedule) {
        schedule.write(scheduleFile());
    }

    /** {@code probe.csv}: the validation probe's scores after every epoch of a run stopped by {@code auto} ({@link ProbeRecord}). */
    public Path probeFile() {
        return root.resolve("probe.csv");
    }

    /** Reads {@code probe.csv}, oldest epoch first; empty when the run has none. */
    public List<ProbeRecord> readProbe() {
        return ProbeFile.read(probeFile());
    }

    /** Writes {@code probe.csv} whole and atomically. */
    public void writeProbe(List<ProbeRecord> rows) {
        ProbeFile.write(probeFile(), rows);
    }

    /** {@code run.lock}: who trains the run now ({@link RunLock}). */
    public Path lockFile() {
        return root.resolve("run.lock");
    }

    /** {@code logs/worker-N.log}: the standard error of the worker process in slot {@code slot}. */
    public Path workerLog(int slot) {
        return root.resolve("logs").resolve("worker-" + slot + ".log");
    }

    /** {@code classify.json}: every classification result of the run. */
    public Path classifyFile() {
        return root.resolve("classify.json");
    }

    /** {@code figures/reconstructions-mNN.png}: a member's reconstructions after chosen epochs. */
    public Path reconstructionFigure(int member) {
        return root.resolve("figures").resolve(String.format("reconstructions-m%02d.png", member));
    }

    /**
     * Takes the run's lock for this process: every command that trains into the run holds it.
     *
     * @param warnings hears one line when a stale lock is taken over
     * @throws InvalidInputException another live process holds it
     */
    public RunLock lock(Consumer<String> warnings) {
        return RunLock.acquire(lockFile(), warnings);
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

    /** Appends one epoch's row to {@code metrics.csv}; a row for an epoch already there is refused. */
    public synchronized void appendMetrics(EpochRecord record) {
        MetricsFile.append(metricsFile(), record);
    }

    /** Removes member {@code k}'s rows from {@code metrics.csv}: its epochs so far were set aside. */
    public synchronized void dropMetrics(int k) {
        MetricsFile.write(metricsFile(), readMetrics().stream().filter(r -> r.member() != k).toList());
    }

    /**
     * Rewrites {@code metrics.csv} from the members' own files, sorted by member and epoch: the
     * authoritative copy when a run starts, resumes and ends.
     */
    public void consolidateMetrics(int members) {
        List<EpochRecord> all = new ArrayList<>();
        for (int k = 0; k < members; k++) {
            all.addAll(member(k).epochs());
        }
        all.sort(Comparator.comparingInt(EpochRecord::member).thenComparingInt(EpochRecord::epoch));
        MetricsFile.write(metricsFile(), all);
    }

    /** All rows of {@code metrics.csv}. */
    public List<EpochRecord> readMetrics() {
        return MetricsFile.read(metricsFile());
    }
}

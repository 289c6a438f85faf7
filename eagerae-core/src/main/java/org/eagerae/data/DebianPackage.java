package org.eagerae.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A Debian package fetched with {@code apt-get download} (no root needed, nothing installed) and
 * unpacked with {@code dpkg-deb -x}.
 *
 * @param pkg      the package name, e.g. {@code dataset-fashion-mnist}
 * @param programs where {@code apt-get} and {@code dpkg-deb} are found
 */
record DebianPackage(String pkg, Programs programs) implements PackageSource {

    private static final String ADVICE = "this needs a Debian-based system with apt; or put the files into the data folder yourself";

    @Override
    public void unpackInto(Path dir) throws IOException {
        try {
            programs.run(dir, ADVICE, "apt-get", "download", pkg);
        } catch (IOException first) {
            // the package lists may be missing or stale; a failing update leaves the first error the one to report
            try {
                programs.run(dir, ADVICE, "apt-get", "update");
            } catch (IOException update) {
                first.addSuppressed(update);
                throw first;
            }
            programs.run(dir, ADVICE, "apt-get", "download", pkg);
        }
        Path deb;
        try (Stream<Path> files = Files.list(dir)) {
            deb = files.filter(f -> f.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IOException("apt-get download " + pkg + " wrote no .deb"));
        }
        programs.run(dir, ADVICE, "dpkg-deb", "-x", deb.toAbsolutePath().toString(), dir.toAbsolutePath().toString());
        Files.delete(deb);
    }

    @Override
    public String describe() {
        return "Debian package " + pkg;
    }
}

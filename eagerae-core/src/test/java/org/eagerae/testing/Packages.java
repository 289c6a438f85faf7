package org.eagerae.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Registry packages made here, in the real formats, and stand-ins for the registries' clients:
 * a gzip-compressed tarball in npm's layout, a Debian package ({@code ar} archive of
 * {@code debian-binary}, {@code control.tar.gz} and {@code data.tar.gz}), and shell scripts
 * named {@code npm} or {@code apt-get} that "download" such a file by copying it.
 */
public final class Packages {

    private Packages() {}

    /** Writes a {@code .tgz} holding the given files (path inside the archive to content). */
    public static Path tgz(Path file, Map<String, byte[]> files) throws IOException {
        Files.write(file, tarGz(files));
        return file;
    }

    /** Writes a {@code .deb} whose data archive holds the given files (paths without a leading {@code ./}). */
    public static Path deb(Path file, String pkg, Map<String, byte[]> files) throws IOException {
        Map<String, byte[]> data = new LinkedHashMap<>();
        files.forEach((name, content) -> data.put("./" + name, content));
        String control = "Package: " + pkg + "\nVersion: 1.0\nArchitecture: all\nMaintainer: tests <tests@example.org>\n"
                + "Description: a package made by a test\n";
        try (OutputStream raw = Files.newOutputStream(file); ArArchiveOutputStream ar = new ArArchiveOutputStream(raw)) {
            arEntry(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            arEntry(ar, "control.tar.gz", tarGz(Map.of("./control", control.getBytes(StandardCharsets.US_ASCII))));
            arEntry(ar, "data.tar.gz", tarGz(data));
        }
        return file;
    }

    /**
     * Writes an executable shell script {@code bin/name} that checks its arguments start with
     * {@code expectedArgs} and copies {@code pkg} into the folder it runs in; with other
     * arguments it fails as a client without network would.
     */
    public static void fakeClient(Path bin, String name, String expectedArgs, Path pkg) throws IOException {
        script(bin, name, "case \"$*\" in\n  \"" + expectedArgs + "\"*) cp '" + pkg.toAbsolutePath() + "' . ;;\n"
                + "  *) echo \"unexpected arguments: $*\"; exit 3 ;;\nesac\n");
    }

    /** Writes an executable shell script {@code bin/name} that prints {@code message} and exits with 1. */
    public static void failingClient(Path bin, String name, String message) throws IOException {
        script(bin, name, "echo '" + message + "'\nexit 1\n");
    }

    /** A search path with {@code bin} first, then this process's PATH (for sh, cp, dpkg-deb). */
    public static String searchPath(Path bin) {
        return bin.toAbsolutePath() + java.io.File.pathSeparator + System.getenv("PATH");
    }

    private static void script(Path bin, String name, String body) throws IOException {
        Files.createDirectories(bin);
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static byte[] tarGz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TreeSet<String> dirs = new TreeSet<>();
            for (String name : files.keySet()) {
                for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
                    dirs.add(name.substring(0, i + 1));
                }
            }
            for (String dir : dirs) {
                tar.putArchiveEntry(new TarArchiveEntry(dir));
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
                entry.setSize(f.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void arEntry(ArArchiveOutputStream ar, String name, byte[] content) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, content.length));
        ar.write(content);
        ar.closeArchiveEntry();
    }

    /** The gzip compression of {@code content}. */
    public static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        }
        return bytes.toByteArray();
    }
}

package org.eagerae.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * What a folder holds of one expected dataset file (raw, or with a {@code .gz} suffix, which is
 * checked by its uncompressed content): nothing, a verified copy, or a copy that fails its MD5.
 */
sealed interface LocalCopy {

    /** The expected file's name, without {@code .gz}. */
    String name();

    /** No copy, raw or compressed. */
    record Missing(String name) implements LocalCopy {}

    /** A copy whose content has the expected MD5. */
    record Verified(String name, Path file) implements LocalCopy {}

    /**
     * A copy whose content does not have the expected MD5.
     *
     * @param found the MD5 found, or why none could be computed (a damaged {@code .gz})
     */
    record Mismatch(String name, Path file, String expected, String found) implements LocalCopy {
        /** One line that names the file and both checksums. */
        String describe() {
            return file + " fails its MD5 check: found " + found + ", expected " + expected;
        }
    }

    /** The copy of {@code name} in {@code dir}: the raw file if there is one, else the {@code .gz}. */
    static LocalCopy check(Path dir, String name, String expectedMd5) {
        Path raw = dir.resolve(name);
        Path gz = dir.resolve(name + ".gz");
        Path file = Files.isRegularFile(raw) ? raw : Files.isRegularFile(gz) ? gz : null;
        if (file == null) {
            return new Missing(name);
        }
        String found;
        try {
            found = md5(file, file == gz);
        } catch (IOException e) {
            String why = e instanceof java.io.EOFException ? "truncated" : String.valueOf(e.getMessage());
            found = "no MD5 (" + (file == gz ? "cannot decompress: " : "cannot read: ") + why + ")";
        }
        return found.equals(expectedMd5) ? new Verified(name, file) : new Mismatch(name, file, expectedMd5, found);
    }

    /** The MD5 of a file's content, uncompressed first when {@code gzipped}. */
    static String md5(Path file, boolean gzipped) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                InputStream in = gzipped ? new GZIPInputStream(raw) : raw) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            try (DigestInputStream d = new DigestInputStream(in, md)) {
                d.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}

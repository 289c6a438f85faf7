package org.eagerae.worker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.eagerae.io.AtomicFiles;

/**
 * Class-data sharing for worker JVMs: an AppCDS archive of the classes a worker loads (Jackson,
 * DJL, eagerae), so that later workers map them ready-made instead of loading and verifying them
 * one by one. Java 17 makes such an archive with {@code -XX:ArchiveClassesAtExit} when a JVM exits
 * and uses it with {@code -XX:SharedArchiveFile}. The first worker started without an archive
 * writes it, to a temporary file that becomes the archive once that worker has exited cleanly.
 *
 * <p>The archive lies beside the first jar of the class path, named after a fingerprint of the
 * class path (every jar's path, size and modification time, the jars its manifest names
 * included) and of the Java runtime: a rebuilt jar or another Java gets a new archive, and making
 * one removes the older ones beside it. A class path with folders (tests run from compiled
 * classes) cannot be archived; its workers start without. The JVM checks an archive against the
 * class path itself and ignores one that does not match, so a stale archive costs only speed.
 *
 * @param file the archive
 */
record ClassDataArchive(Path file) {

    private static final String PREFIX = "eagerae-worker-";
    private static final String SUFFIX = ".jsa";

    /** The archive for a class path, or empty when it has a folder, or its first jar's folder is not writable. */
    static Optional<ClassDataArchive> forClassPath(String classPath) {
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !addJar(Path.of(entry).toAbsolutePath().normalize(), jars)) {
                return Optional.empty();
            }
        }
        if (jars.isEmpty() || !Files.isWritable(jars.get(0).getParent())) {
            return Optional.empty();
        }
        return Optional.of(new ClassDataArchive(jars.get(0).getParent().resolve(PREFIX + fingerprint(jars) + SUFFIX)));
    }

    /** Adds a jar and the jars its manifest's {@code Class-Path} names; false for anything that is not a readable jar. */
    private static boolean addJar(Path jar, List<Path> jars) {
        if (jars.contains(jar)) {
            return true;
        }
        if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
            return false;
        }
        jars.add(jar);
        try (JarFile file = new JarFile(jar.toFile())) {
            String named = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Class-Path");
            if (named != null) {
                for (String entry : named.trim().split("\\s+")) {
                    if (!entry.isEmpty() && !addJar(jar.getParent().resolve(entry).normalize(), jars)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String fingerprint(List<Path> jars) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((System.getProperty("java.home") + "|" + System.getProperty("java.vm.version")).getBytes(StandardCharsets.UTF_8));
            for (Path jar : jars) {
                sha.update(("|" + jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class path's jars", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether the archive has been made. */
    boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The JVM option that uses the archive. */
    String useOption() {
        return "-XX:SharedArchiveFile=" + file;
    }

    /** A temporary file beside the archive for one worker to write the archive to when it exits. */
    Path temporaryFile() {
        return file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
    }

    /** The JVM option that writes the archive to {@code temporary} when the JVM exits. */
    static String makeOption(Path temporary) {
        return "-XX:ArchiveClassesAtExit=" + temporary;
    }

    /**
     * Makes the archive written to {@code temporary} this archive, and removes older archives
     * (and temporary files left by workers that did not exit cleanly) beside it. Nothing happens
     * when {@code temporary} is not there (the JVM could not write it).
     */
    void publish(Path temporary) {
        if (!Files.isRegularFile(temporary)) {
            return;
        }
        try {
            AtomicFiles.move(temporary, file);
            try (Stream<Path> siblings = Files.list(file.getParent())) {
                for (Path old : siblings.filter(p -> !p.equals(file) && p.getFileName().toString().replaceFirst("^\\.", "").startsWith(PREFIX))
                        .toList()) {
                    Files.deleteIfExists(old);
                }
            }
        } catch (IOException e) {
            // another process published or removed it meanwhile; workers start without an archive until one is there
        }
    }

    /** Removes a temporary archive that will not be used (its worker was ended). */
    static void discard(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // left for the next publish to remove
        }
    }
}

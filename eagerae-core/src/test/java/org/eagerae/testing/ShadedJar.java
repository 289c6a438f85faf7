package org.eagerae.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A single jar with every class and resource of a class path, as the maven-shade-plugin makes one
 * for an application: the first of several entries of one name wins, service files
 * ({@code META-INF/services/...}) are merged as its {@code ServicesResourceTransformer} merges them
 * (DJL's API and its PyTorch engine each name an engine provider), signatures and the jars' own
 * manifests are left out. Compressed entries are copied as they are, so that the native library's
 * jar (about 110 MB) takes seconds.
 */
public final class ShadedJar {

    private ShadedJar() {}

    /** Writes {@code jar} from the jars and folders of {@code classPath}, its manifest naming {@code mainClass}. */
    public static Path write(List<Path> classPath, String mainClass, Path jar) throws IOException {
        Set<String> written = new HashSet<>();
        Map<String, Set<String>> services = new LinkedHashMap<>();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(jar)) {
            add(out, written, "META-INF/MANIFEST.MF",
                    ("Manifest-Version: 1.0\r\nMain-Class: " + mainClass + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            for (Path entry : classPath) {
                if (Files.isDirectory(entry)) {
                    try (Stream<Path> files = Files.walk(entry)) {
                        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                            String name = entry.relativize(file).toString().replace('\\', '/');
                            if (!service(name, Files.readAllBytes(file), services) && keep(name)) {
                                add(out, written, name, Files.readAllBytes(file));
                            }
                        }
                    }
                } else if (Files.isRegularFile(entry)) {
                    copyJar(entry, out, written, services);
                }
            }
            for (Map.Entry<String, Set<String>> service : services.entrySet()) {
                add(out, written, service.getKey(), (String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private static void copyJar(Path jar, ZipArchiveOutputStream out, Set<String> written, Map<String, Set<String>> services)
            throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(jar).get()) {
            for (Enumeration<ZipArchiveEntry> entries = zip.getEntries(); entries.hasMoreElements();) {
                ZipArchiveEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !keep(name) || written.contains(name)) {
                    continue;
                }
                if (name.startsWith("META-INF/services/")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        service(name, in.readAllBytes(), services);
                    }
                    continue;
                }
                written.add(name);
                try (InputStream raw = zip.getRawInputStream(entry)) {
                    out.addRawArchiveEntry(entry, raw);
                }
            }
        }
    }

    /** Keeps a service file's providers for the merged one; false for any other file. */
    private static boolean service(String name, byte[] content, Map<String, Set<String>> services) {
        if (!name.startsWith("META-INF/services/") || name.substring("META-INF/services/".length()).contains("/")) {
            return false;
        }
        Set<String> providers = services.computeIfAbsent(name, n -> new LinkedHashSet<>());
        new String(content, StandardCharsets.UTF_8).lines().map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty())
                .forEach(providers::add);
        return true;
    }

    /** Everything but the jars' own manifests, signatures and module descriptors. */
    private static boolean keep(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return !upper.equals("META-INF/MANIFEST.MF") && !upper.equals("META-INF/INDEX.LIST") && !name.endsWith("module-info.class")
                && !(upper.startsWith("META-INF/") && upper.indexOf('/', "META-INF/".length()) < 0
                        && (upper.endsWith(".SF") || upper.endsWith(".DSA") || upper.endsWith(".RSA") || upper.endsWith(".EC")));
    }

    private static void add(ZipArchiveOutputStream out, Set<String> written, String name, byte[] content) throws IOException {
        if (!written.add(name)) {
            return;
        }
        out.putArchiveEntry(new ZipArchiveEntry(name));
        out.write(content);
        out.closeArchiveEntry();
    }
}

package org.eagerae.worker;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The class path of worker JVMs: where this JVM loaded eagerae and its dependencies from. That is
 * this JVM's own class path ({@code java.class.path}) when the system class loader loaded eagerae
 * ({@code java -cp}, {@code java -jar}, a shaded jar, most IDEs and test runners), but not when
 * another class loader did: {@code mvn exec:java}, some IDE runners, application servers and plug-in
 * hosts start a program with a class path of their own, and a worker given it could not find
 * {@link WorkerMain}. So, in the order it is looked for:
 * <ol>
 *   <li>the system property {@value #PROPERTY}, when it is set: taken as it is (for hosts whose class
 *       loaders read classes from places a JVM cannot be started with, such as jars inside jars);</li>
 *   <li>{@code java.class.path}, when the system class loader loaded eagerae;</li>
 *   <li>otherwise the folders and jars of every {@link URLClassLoader} from the one that loaded eagerae
 *       up to the system class loader (whose own class path comes last), and then the location
 *       ({@link CodeSource}) of each library a worker needs (eagerae, DJL, its PyTorch engine, JNI and
 *       native library, Jackson, SLF4J, ...) that is not among them yet, for class loaders that are no
 *       {@code URLClassLoader}.</li>
 * </ol>
 */
final class WorkerClassPath {

    /** The system property that sets the class path of worker JVMs outright. */
    static final String PROPERTY = "eagerae.worker.classPath";

    /** A class of each library worker processes load, and where the library is only resources, one of those. */
    private static final List<String> LIBRARY_CLASSES = List.of(
            "org.eagerae.worker.WorkerMain",
            "ai.djl.engine.Engine", "ai.djl.pytorch.engine.PtEngine",
            "com.google.gson.Gson", "com.sun.jna.Native",
            "com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonProperty",
            "org.slf4j.LoggerFactory",
            "org.apache.commons.compress.archivers.ArchiveEntry",
            "org.ejml.data.DMatrixRMaj", "org.ejml.dense.row.CommonOps_DDRM");
    private static final List<String> LIBRARY_RESOURCES = List.of(
            "jnilib/pytorch.properties", // pytorch-jni: the engine's JNI library
            "native/lib/pytorch.properties"); // pytorch-native-*: PyTorch itself

    private WorkerClassPath() {}

    /** The class path of worker JVMs started from this JVM. */
    static String current() {
        String set = System.getProperty(PROPERTY);
        if (set != null && !set.isBlank()) {
            return set;
        }
        ClassLoader loader = WorkerMain.class.getClassLoader();
        if (loader == ClassLoader.getSystemClassLoader()) {
            return System.getProperty("java.class.path");
        }
        return String.join(File.pathSeparator, of(loader).stream().map(Path::toString).toList());
    }

    /** The folders and jars that {@code loader}, its parents and the libraries' locations give, each once. */
    static List<Path> of(ClassLoader loader) {
        Set<Path> entries = new LinkedHashSet<>();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    file(url).ifPresent(entries::add);
                }
            }
            if (l == ClassLoader.getSystemClassLoader()) {
                for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        entries.add(Path.of(entry).toAbsolutePath().normalize());
                    }
                }
                break;
            }
        }
        for (String name : LIBRARY_CLASSES) {
            location(name, loader).ifPresent(entries::add);
        }
        for (String resource : LIBRARY_RESOURCES) {
            Optional.ofNullable(loader.getResource(resource)).flatMap(WorkerClassPath::containing).ifPresent(entries::add);
        }
        return new ArrayList<>(entries);
    }

    /** The folder or jar a class was loaded from, if it has one on this machine. */
    private static Optional<Path> location(String className, ClassLoader loader) {
        try {
            CodeSource source = Class.forName(className, false, loader).getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? Optional.empty() : file(source.getLocation());
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return Optional.empty(); // a library this program does without
        }
    }

    /** The jar or folder of a resource's URL ({@code jar:file:/x.jar!/name} or {@code file:/dir/name}). */
    private static Optional<Path> containing(URL resource) {
        String text = resource.toString();
        int bang = text.indexOf("!/");
        if (text.startsWith("jar:") && bang > 0) {
            try {
                return file(java.net.URI.create(text.substring("jar:".length(), bang)).toURL());
            } catch (java.net.MalformedURLException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty(); // a resource in a folder: that folder is among the loader's entries or a library's location
    }

    /** A {@code file:} URL as an absolute path; empty for any other kind (a jar inside a jar cannot be on a command line). */
    private static Optional<Path> file(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package org.eagerae.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worker JVMs get the class path eagerae was loaded from, whichever class loader loaded it. */
class WorkerClassPathTest {

    @Test
    void loadedByTheSystemClassLoaderWorkersGetThisJvmsClassPathOrTheOneSetOutright() {
        assertThat(WorkerClassPath.current()).isEqualTo(System.getProperty("java.class.path"));
        System.setProperty(WorkerClassPath.PROPERTY, "/opt/app/lib/all.jar");
        try {
            assertThat(WorkerClassPath.current()).isEqualTo("/opt/app/lib/all.jar");
        } finally {
            System.clearProperty(WorkerClassPath.PROPERTY);
        }
    }

    /** As {@code mvn exec:java} loads a program: a class loader of its own over the program's class path, the platform's above it. */
    @Test
    void loadedByAnotherClassLoaderWorkersGetThatLoadersFoldersAndJarsInItsOrder() throws Exception {
        List<Path> entries = new ArrayList<>();
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (!entries.contains(path)) {
                entries.add(path);
                urls.add(path.toUri().toURL());
            }
        }
        try (URLClassLoader program = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> worker = Class.forName(WorkerMain.class.getName(), false, program);
            assertThat(worker.getClassLoader()).isSameAs(program);
            // every library a worker needs is among the loader's entries: nothing is added, nothing is twice
            assertThat(WorkerClassPath.of(program)).containsExactlyElementsOf(entries);
        }
    }
}

package org.eagerae.worker;

import org.eagerae.testing.TinyRuns;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers' class-data archive: named after the class path, made by the first worker, used by later ones. */
class ClassDataArchiveTest {

    @TempDir
    Path tmp;

    private static Path jar(Path file, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        Files.createDirectories(file.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            out.putNextEntry(new JarEntry("a.txt"));
            out.write(file.getFileName().toString().getBytes());
        }
        return file;
    }

    @Test
    void theArchiveIsNamedAfterEveryJarAndNoneIsMadeForFolders() throws Exception {
        Path lib = jar(tmp.resolve("app/lib/dep.jar"), null);
        Path app = jar(tmp.resolve("app/app.jar"), "lib/dep.jar");
        ClassDataArchive archive = ClassDataArchive.forClassPath(app.toString()).orElseThrow();
        assertThat(archive.file().getParent()).isEqualTo(app.getParent());
        assertThat(archive.file().getFileName().toString()).startsWith("eagerae-worker-").endsWith(".jsa");
        assertThat(ClassDataArchive.forClassPath(app.toString())).contains(archive);

        Files.setLastModifiedTime(lib, FileTime.fromMillis(Files.getLastModifiedTime(lib).toMillis() - 60_000));
        ClassDataArchive afterRebuild = ClassDataArchive.forClassPath(app.toString()).orElseThrow();
        assertThat(afterRebuild).as("a dependency named in the manifest changed").isNotEqualTo(archive);

        assertThat(ClassDataArchive.forClassPath(app + File.pathSeparator + tmp.resolve("classes"))).as("a folder on the class path").isEmpty();
        Files.delete(lib);
        assertThat(ClassDataArchive.forClassPath(app.toString())).as("a jar the manifest names is missing").isEmpty();
    }

    @Test
    void publishingReplacesOlderArchivesAndLeftoversButNotOtherFiles() throws Exception {
        Path app = jar(tmp.resolve("app/app.jar"), null);
        ClassDataArchive archive = ClassDataArchive.forClassPath(app.toString()).orElseThrow();
        Path older = Files.writeString(app.resolveSibling("eagerae-worker-0123456789abcdef.jsa"), "old");
        Path leftover = Files.writeString(app.resolveSibling(".eagerae-worker-0123456789abcdef.jsa.1-2.tmp"), "left");
        Path temporary = archive.temporaryFile();
        Files.writeString(temporary, "archive");
        archive.publish(temporary);
        assertThat(archive.exists()).isTrue();
        assertThat(Files.readString(archive.file())).isEqualTo("archive");
        assertThat(temporary).doesNotExist();
        assertThat(older).doesNotExist();
        assertThat(leftover).doesNotExist();
        assertThat(app).exists();

        archive.publish(tmp.resolve("never-written"));
        assertThat(Files.readString(archive.file())).as("nothing written, nothing replaced").isEqualTo("archive");
    }

    /**
     * Real worker JVMs on a class path of jars only (eagerae's compiled classes packed into a jar, the
     * dependencies' jars): the first pool's worker makes the archive when it exits; the next pool's
     * worker starts with it and trains the same numbers.
     */
    @Test
    @Tag("process")
    void theFirstWorkerMakesTheArchiveAndLaterWorkersStartWithIt() throws Exception {
        String classPath = jarsOnly();
        ClassDataArchive archive = ClassDataArchive.forClassPath(classPath).orElseThrow();
        Path data = TinyRuns.writeIdxFolder(tmp.resolve("data"), 200, 50);
        RunSpec spec = new RunSpec(TinyRuns.idx(data, 100, 50), CaeSpec.mnist(), 1, 3,
                TrainingOptions.paper(1).withBatchSize(50), 1);
        List<String> arguments = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            try (WorkerPool pool = new WorkerPool(1, classPath)) {
                RunManifest done = TinyRuns.train(tmp.resolve(name), spec, new ProcessBackend(pool, 1), new EnsembleListener() {
                    @Override
                    public void onEpoch(org.eagerae.train.EpochRecord record) {
                        pool.pids().forEach(pid -> arguments.add(name + ": "
                                + String.join(" ", ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).orElse(new String[0]))));
                    }
                });
                assertThat(done.anyFailed()).isFalse();
                assertThat(pool.startups()).hasSize(1).allSatisfy(s -> {
                    assertThat(s.wallSeconds()).isPositive();
                    assertThat(s.cpuSeconds()).isPositive();
                });
            }
            if (name.equals("first")) {
                assertThat(archive.exists()).as("made when the first worker exited").isTrue();
            }
        }
        assertThat(arguments).hasSize(2);
        assertThat(arguments.get(0)).contains("-XX:ArchiveClassesAtExit=").doesNotContain("-XX:SharedArchiveFile");
        assertThat(arguments.get(1)).contains("-XX:SharedArchiveFile=" + archive.file());
        assertThat(Files.readString(RunDirectory.open(tmp.resolve("second")).workerLog(0))).doesNotContain("[cds");
        assertThat(losses(tmp.resolve("second"))).hasSize(1).isEqualTo(losses(tmp.resolve("first")));
        try (Stream<Path> left = Files.list(archive.file().getParent())) {
            assertThat(left.filter(p -> p.getFileName().toString().endsWith(".tmp"))).as("no temporary archive left").isEmpty();
        }
    }

    private static List<String> losses(Path run) {
        return RunDirectory.open(run).readMetrics().stream().map(r -> r.trainLoss() + ":" + r.valLoss()).toList();
    }

    /** This test JVM's class path with every folder packed into a jar of its own (in a fresh folder), so that it can be archived. */
    private String jarsOnly() throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = tmp.resolve("jars").resolve("classes-" + n++ + ".jar");
                pack(path, jar);
                entries.add(jar.toString());
            } else if (entry.endsWith(".jar")) {
                entries.add(entry);
            }
        }
        // the archive goes beside the first jar: one of ours, in a folder of this test
        return String.join(File.pathSeparator, entries.stream().sorted((a, b) -> Boolean.compare(!a.startsWith(tmp.toString()),
                !b.startsWith(tmp.toString()))).toList());
    }

    private static void pack(Path folder, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(folder.relativize(file).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(file));
            }
        }
    }
}

package org.eagerae.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.eagerae.models.ModelStore;
import org.eagerae.run.BackendName;
import org.eagerae.run.MemberState;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.testing.ShadedJar;
import org.eagerae.worker.WorkerMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API inside other programs: the README's example ({@link EmbeddedProgram}) trains two
 * members in worker processes and classifies with them, in a JVM of its own started as
 * {@code mvn exec:java} starts a program (a class loader of its own; the JVM's class path holds none
 * of eagerae), and as a single shaded jar ({@code java -jar}). Worker processes get the class path
 * eagerae was loaded from, not the JVM's.
 */
@Tag("process")
class EmbeddedApiTest {

    @TempDir
    Path tmp;

    @Test
    void fromAClassLoaderOfItsOwnAsMvnExecJavaStartsItTheApiTrainsInWorkerProcessesAndClassifies() throws Exception {
        Path work = tmp.resolve("work");
        String out = runToEnd(ownClassLoader(work, List.of()), "own-loader");
        assertTrainedAndClassified(work, out);
    }

    /** What became of such a program before worker processes got eagerae's class path: one line says it, the JVM's own. */
    @Test
    void workersGivenAClassPathWithoutEageraeFailSayingSoInTheJvmsOwnWords() throws Exception {
        Path work = tmp.resolve("work");
        Process p = new ProcessBuilder(ownClassLoader(work, List.of("-Deagerae.worker.classPath=" + tmp.resolve("launcher"))))
                .redirectOutput(tmp.resolve("old.out").toFile()).redirectError(tmp.resolve("old.err").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("old.err"))).contains("MembersFailedException: run " + work.resolve("run")
                + ": 2 of 2 members failed: m00: worker process died (exit code 1) before its first batch: Error: Could not find or load"
                + " main class " + WorkerMain.class.getName() + "; give workers eagerae");
    }

    @Test
    void fromASingleShadedJarTheApiTrainsInWorkerProcessesAndClassifies() throws Exception {
        long start = System.nanoTime();
        Path jar = ShadedJar.write(classPath(), EmbeddedProgram.class.getName(), tmp.resolve("app.jar"));
        System.out.printf("shaded jar of %d MB written in %.1f s%n", Files.size(jar) >> 20, (System.nanoTime() - start) / 1e9);
        try (JarFile shaded = new JarFile(jar.toFile())) {
            assertThat(shaded.getEntry(WorkerMain.class.getName().replace('.', '/') + ".class")).isNotNull();
            try (InputStream engines = shaded.getInputStream(shaded.getEntry("META-INF/services/ai.djl.engine.EngineProvider"))) {
                assertThat(new String(engines.readAllBytes(), StandardCharsets.UTF_8)).contains("ai.djl.pytorch.engine.PtEngineProvider");
            }
        }
        Path work = tmp.resolve("work");
        String out = runToEnd(java(List.of("-jar", jar.toString(), work.toString())), "shaded");
        assertTrainedAndClassified(work, out);
    }

    private static void assertTrainedAndClassified(Path work, String stdout) {
        RunDirectory run = RunDirectory.open(work.resolve("run"));
        RunManifest manifest = run.readManifest();
        assertThat(manifest.members()).extracting(MemberStatus::state).containsExactly(MemberState.FINISHED, MemberState.FINISHED);
        assertThat(manifest.members()).extracting(MemberStatus::epochs).containsExactly(2, 2);
        assertThat(manifest.invocations()).singleElement().satisfies(i -> assertThat(i.execution().backend()).isEqualTo(BackendName.PROCESSES));
        assertThat(run.workerLog(0)).exists();
        assertThat(ModelStore.of(run).names()).contains("soft-vote-epoch-002");
        assertThat(stdout).contains("prediction: Prediction[classIndex=")
                .contains("result: ClassificationResult[method=soft-vote, selection=epoch 2, memberEpochs=[2, 2], accuracy=")
                .contains("confusion=[[").doesNotContain("[D@").doesNotContain("[F@").doesNotContain("[[I@");
    }

    /** {@link EmbeddedProgram} started by {@link OwnClassLoaderLauncher}, alone in a folder that is the JVM's class path. */
    private List<String> ownClassLoader(Path work, List<String> jvmOptions) throws Exception {
        Path launcher = tmp.resolve("launcher");
        Path classFile = launcher.resolve(OwnClassLoaderLauncher.class.getName().replace('.', '/') + ".class");
        if (!Files.exists(classFile)) {
            Files.createDirectories(classFile.getParent());
            try (InputStream bytes = OwnClassLoaderLauncher.class.getResourceAsStream(OwnClassLoaderLauncher.class.getSimpleName() + ".class")) {
                Files.copy(bytes, classFile);
            }
        }
        List<String> args = new ArrayList<>(jvmOptions);
        args.addAll(List.of("-cp", launcher.toString(), OwnClassLoaderLauncher.class.getName(),
                String.join(File.pathSeparator, classPath().stream().map(Path::toString).toList()), EmbeddedProgram.class.getName(),
                work.toString()));
        return java(args);
    }

    /** This JVM's class path (eagerae's classes, its dependencies, the tests'), each entry once. */
    private static List<Path> classPath() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (!entry.isEmpty() && !entries.contains(path)) {
                entries.add(path);
            }
        }
        return entries;
    }

    private static List<String> java(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"));
        command.addAll(args);
        return command;
    }

    /** Runs a program to its end, which must be a success; its standard output. */
    private String runToEnd(List<String> command, String name) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the %s program ends", name).isTrue();
        assertThat(p.exitValue()).as("%s: %s", name, Files.readString(tmp.resolve(name + ".err"))).isZero();
        System.out.printf("%s: %.1f s%n", name, (System.nanoTime() - start) / 1e9);
        return Files.readString(tmp.resolve(name + ".out"));
    }
}

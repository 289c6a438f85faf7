package org.eagerae.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eagerae.cli.EagerAeCli;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.InlineBackend;
import org.eagerae.ensemble.Training;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone Spark cluster on 127.0.0.1, started and stopped by the commands of
 * {@code docs/SPARK.md} as written there ({@code scripts/spark-standalone.sh}, with another port
 * and folder through its environment): {@code eagerae train --backend spark} run against it in a
 * JVM of its own, as a user runs it, gives the numbers of the inline backend, and so does
 * {@code classify --backend spark} of that run on the same cluster. What cannot work is refused in seconds with one line on standard
 * error and no run folder: a master that does not answer, a storage no file system serves or that
 * does not answer, executors no worker can start (all exit 2), and executors the cluster fails to
 * launch (exit 1, with the worker's error).
 */
@Tag("spark")
@Tag("process")
class StandaloneClusterTest {

    /** The project's root, where the docs' commands are run. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** How long a refusal may take, the command's start included. */
    private static final long REFUSED_WITHIN_MILLIS = 15_000;

    @TempDir
    static Path tmp;

    private static int masterPort;
    private static String master;

    @BeforeAll
    static void startCluster() throws Exception {
        TinyRuns.writeIdxFolder(tmp.resolve("data"), 300, 50);
        masterPort = freePort();
        master = "spark://127.0.0.1:" + masterPort;
        assertThat(docCommand("start")).isZero();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        docCommand("stop");
    }

    /** Runs the line {@code scripts/spark-standalone.sh ACTION} of the docs' standalone block as written, on this test's port and folder. */
    private static int docCommand(String action) throws IOException, InterruptedException {
        String block = Files.readString(ROOT.resolve("docs/SPARK.md")).split("<!-- standalone-commands -->")[1].split("```")[1];
        String line = block.lines().filter(l -> l.startsWith("scripts/spark-standalone.sh " + action)).findFirst().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", line).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("cluster.out").toFile()));
        Map<String, String> env = builder.environment();
        env.put("EAGERAE_SPARK_PORT", String.valueOf(masterPort));
        env.put("EAGERAE_SPARK_UI_PORT", String.valueOf(freePort()));
        env.put("EAGERAE_SPARK_DIR", tmp.resolve("cluster").toString());
        env.put("EAGERAE_SPARK_CLASSPATH", classPath());
        Process p = builder.start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("scripts/spark-standalone.sh " + action + " ended").isTrue();
        return p.exitValue();
    }

    @Test
    void trainAndClassifyOnTheDocumentedClusterGiveTheInlineNumbers() throws Exception {
        Path out = tmp.resolve("run");
        Command train = eagerae("train", "--backend", "spark", "--spark-master", master, "--dataset", "idx", "--images",
                tmp.resolve("data").toString(), "--train-size", "200", "--val-size", "100", "--members", "3", "--epochs", "2", "--seed", "5",
                "--out", out.toString());
        assertThat(train.exit()).as("exit code; output:\n" + train.output()).isZero();
        assertThat(train.stderr()).as("nothing on stderr").isEmpty();

        RunManifest manifest = RunDirectory.open(out).readManifest();
        assertThat(manifest.members()).allMatch(MemberStatus::isFinished);
        assertThat(manifest.members()).allSatisfy(m -> assertThat(m.attempts()).extracting(a -> a.host()).containsOnly("127.0.0.1"));
        assertThat(manifest.invocations()).singleElement().satisfies(i -> assertThat(i.execution().properties()).containsEntry("spark.master", master));
        assertThat(train.output()).contains("m00 epoch 2").contains("m02 epoch 2");

        RunSpec spec = manifest.spec();
        assertThat(spec.threads()).isEqualTo(1);
        RunDirectory inline;
        try (Backend backend = new InlineBackend()) {
            inline = Training.start(spec, tmp.resolve("inline"), backend);
            Training.run(inline, backend, EnsembleListener.NONE);
        }
        assertThat(SparkBackendTest.lossesOf(out)).hasSize(6).containsExactlyElementsOf(SparkBackendTest.lossesOf(inline.root()));

        // the cluster's run classified on the cluster, as a user would; the inline run in this process
        Command classify = eagerae("classify", "--run", out.toString(), "--method", "all", "--max-epochs", "2", "--backend", "spark",
                "--spark-master", master);
        assertThat(classify.exit()).as("exit code; output:\n" + classify.output()).isZero();
        assertThat(EagerAeCli.run("classify", "--run", inline.root().toString(), "--method", "all", "--max-epochs", "2")).isZero();
        List<String> accuracies = accuracies(out);
        assertThat(accuracies).hasSizeGreaterThanOrEqualTo(4).isEqualTo(accuracies(inline.root()));
    }

    @Test
    void theDocumentedClusterListensOnTheLoopbackOnlyAndLogsAtInfoAtMost() throws Exception {
        String masterLog = Files.readString(tmp.resolve("cluster/master.log"));
        String workerLog = Files.readString(tmp.resolve("cluster/worker.log"));
        assertThat(masterLog).contains("Starting Spark master at " + master).contains("Bound MasterWebUI to 127.0.0.1,")
                .contains("Registering worker 127.0.0.1:");
        assertThat(workerLog).contains("Bound WorkerWebUI to 127.0.0.1,");
        assertThat(masterLog + workerLog).doesNotContain(" DEBUG ").doesNotContain(" TRACE ").doesNotContain("NativeCodeLoader");
    }

    @Test
    void whatCannotWorkIsRefusedInSecondsOnOneLineBeforeAnythingIsWritten() throws Exception {
        int nobody = freePort();
        Object[][] refused = {
            {new String[] {"--spark-master", "spark://127.0.0.1:" + nobody}, "--spark-master spark://127.0.0.1:" + nobody
                    + ": no Spark master answers at 127.0.0.1:" + nobody + " (Connection refused)"},
            {new String[] {"--spark-master", master, "--spark-storage", "bogus://nowhere/x"},
                    "--spark-storage bogus://nowhere/x: no Hadoop file system here serves its scheme"},
            {new String[] {"--spark-master", master, "--spark-storage", "hdfs://127.0.0.1:" + nobody + "/x"},
                    "--spark-storage hdfs://127.0.0.1:" + nobody + "/x cannot be reached: "},
            {new String[] {"--spark-master", master, "--threads", "4"}, "--spark-master " + master
                    + " has 1 alive worker(s) with 2 core(s) and 2048 MiB, but each executor asks for 4 core(s)"},
            {new String[] {"--spark-master", master, "--spark-conf", "spark.executor.memory=4g"}, "and 4096 MiB (spark.executor.memory)"},
        };
        for (Object[] c : refused) {
            String[] options = (String[]) c[0];
            Command run = refusedTrain(options);
            assertThat(run.exit()).as(run.output()).isEqualTo(EagerAeCli.BAD_INPUT);
            assertThat(run.stderr()).as(String.join(" ", options)).singleElement().asString().startsWith("eagerae: error: ").contains((String) c[1]);
        }
    }

    @Test
    void executorsTheClusterCannotLaunchEndTheCommandWithTheWorkersErrorBeforeAnythingIsWritten() throws Exception {
        // a second worker with the memory asked for, but without the Spark home its executors need (as in a Worker started by hand)
        Path noHome = Files.createDirectories(tmp.resolve("no-spark-home"));
        Process worker = cluster(tmp.resolve("bad-worker.log"), Map.of("SPARK_HOME", noHome.toString()), "org.apache.spark.deploy.worker.Worker",
                "--host", "127.0.0.1", "--cores", "1", "--memory", "3g", "--webui-port", String.valueOf(freePort()), "--work-dir",
                tmp.resolve("bad-work").toString(), master);
        try {
            waitFor(() -> registeredWorkers() >= 2, "the second worker to register");
            Command run = refusedTrain("--spark-master", master, "--spark-conf", "spark.executor.memory=3g");
            assertThat(run.exit()).as(run.output()).isEqualTo(1);
            assertThat(run.stderr()).singleElement().asString()
                    .startsWith("eagerae: failed: the executors of " + master + " could not be launched; the first failed with: ")
                    .contains("Library directory '" + noHome);
        } finally {
            worker.destroy();
            worker.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void noExecutorWithinTheWaitTheUserSetEndsTheCommandWithWhatItAskedFor() throws Exception {
        Command run = refusedTrain("--spark-master", master, "--spark-conf", "spark.eagerae.executorWait=1ms");
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.stderr()).singleElement().asString().isEqualTo("eagerae: failed: no executor of " + master + " started within 1 ms"
                + " (spark.eagerae.executorWait); asked for executors of 1 core(s) and 1024 MiB (spark.executor.memory); the cluster has no room"
                + " for them, or none free now (EAGERAE_DEBUG=1 prints the stack trace)");
    }

    /** A {@code train} that must be refused: it ends within {@link #REFUSED_WITHIN_MILLIS} and writes no run folder. */
    private static Command refusedTrain(String... options) throws Exception {
        Path out = tmp.resolve("refused");
        List<String> args = new ArrayList<>(List.of("train", "--backend", "spark", "--dataset", "idx", "--images", tmp.resolve("data").toString(),
                "--train-size", "200", "--val-size", "100", "--members", "2", "--epochs", "1", "--out", out.toString()));
        args.addAll(List.of(options));
        long start = System.nanoTime();
        Command run = eagerae(args.toArray(String[]::new));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as(String.join(" ", options) + " refused within 15 s").isLessThan(REFUSED_WITHIN_MILLIS);
        assertThat(out).as("no run folder for " + String.join(" ", options)).doesNotExist();
        return run;
    }

    /** What a command printed and how it ended. */
    private record Command(int exit, String output, List<String> stderr) {}

    /** Runs {@code train} in a JVM of its own, as the launcher does (its logging, Spark's Java options, the driver's compiler). */
    private static Command eagerae(String... args) throws Exception {
        Path stdout = Files.createTempFile(tmp, "out", ".txt");
        Path stderr = Files.createTempFile(tmp, "err", ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "@" + Path.of("src", "jvm", "spark-driver.options").toAbsolutePath(), "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true", "-cp", classPath(),
                EagerAeCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = builder.start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        List<String> errors = Files.readAllLines(stderr).stream().filter(l -> !l.startsWith("[W")).toList(); // the engine's own warnings
        return new Command(p.exitValue(), Files.readString(stdout) + String.join("\n", errors), errors);
    }

    /** A Spark process of the cluster on this test's class path, with Spark's Java options. */
    private static Process cluster(Path log, Map<String, String> environment, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "@" + Path.of("src", "jvm", "spark-driver.options").toAbsolutePath(), "-Dlogback.configurationFile="
                        + Path.of("src", "jvm", "cluster-logback.xml").toAbsolutePath(), "-cp", classPath(), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    /** This test's class path without its test classes, so that the command line logs as it does for a user. */
    private static String classPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static long registeredWorkers() {
        try {
            return Files.readAllLines(tmp.resolve("cluster/master.log")).stream().filter(l -> l.contains("Registering worker")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The accuracies {@code classify} recorded, in order. */
    private static List<String> accuracies(Path run) throws IOException {
        Matcher m = Pattern.compile("\"\\w*[Aa]ccurac\\w*\" : ([-0-9.Ee]+)").matcher(Files.readString(run.resolve("classify.json")));
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(0));
        }
        return found;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited a minute for " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}

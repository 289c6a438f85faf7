package org.eagerae.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eagerae.cli.EagerAeCli;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.Training;
import org.eagerae.ensemble.InlineBackend;
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
 * A real standalone Spark cluster on 127.0.0.1, as separate processes started from the Maven jars
 * (a Master, and a Worker with two cores, so two executor JVMs), and {@code eagerae train
 * --backend spark --spark-master spark://127.0.0.1:PORT} run against it in a JVM of its own, the
 * way a user points eagerae at a cluster. Its numbers must be those of the inline backend.
 */
@Tag("spark")
@Tag("process")
class StandaloneClusterTest {

    @TempDir
    static Path tmp;

    private static final List<Process> cluster = new ArrayList<>();
    private static int masterPort;

    @BeforeAll
    static void startCluster() throws Exception {
        TinyRuns.writeIdxFolder(tmp.resolve("data"), 300, 50);
        masterPort = freePort();
        cluster.add(start(tmp.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())));
        waitForPort(masterPort);
        cluster.add(start(tmp.resolve("worker.log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", "2", "--memory", "2g", "--webui-port", String.valueOf(freePort()),
                "--work-dir", tmp.resolve("work").toString(), "spark://127.0.0.1:" + masterPort));
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (int i = cluster.size() - 1; i >= 0; i--) {
            Process p = cluster.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void trainOnAStandaloneClusterGivesTheInlineNumbers() throws Exception {
        Path out = tmp.resolve("run");
        Process cli = javaProcess(tmp.resolve("cli.log"), EagerAeCli.class.getName(), "train", "--backend", "spark",
                "--spark-master", "spark://127.0.0.1:" + masterPort, "--dataset", "idx", "--images", tmp.resolve("data").toString(),
                "--train-size", "200", "--val-size", "100", "--members", "3", "--epochs", "2", "--seed", "5", "--out", out.toString());
        boolean ended = cli.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            cli.descendants().forEach(ProcessHandle::destroyForcibly);
            cli.destroyForcibly();
        }
        String log = Files.readString(tmp.resolve("cli.log"));
        assertThat(ended).as("train ended; its output:\n" + log).isTrue();
        assertThat(cli.exitValue()).as("exit code; output:\n" + log).isZero();

        RunManifest manifest = RunDirectory.open(out).readManifest();
        assertThat(manifest.members()).allMatch(MemberStatus::isFinished);
        assertThat(manifest.members()).allSatisfy(m -> assertThat(m.attempts()).isNotEmpty());
        assertThat(manifest.invocations()).singleElement()
                .satisfies(i -> assertThat(i.execution().properties()).containsEntry("spark.master", "spark://127.0.0.1:" + masterPort));
        assertThat(log).contains("m00 epoch 2").contains("m02 epoch 2");

        RunSpec spec = manifest.spec();
        assertThat(spec.threads()).isEqualTo(1);
        RunDirectory inline;
        try (Backend backend = new InlineBackend()) {
            inline = Training.start(spec, tmp.resolve("inline"), backend);
            Training.run(inline, backend, EnsembleListener.NONE);
        }
        assertThat(SparkBackendTest.lossesOf(out)).hasSize(6).containsExactlyElementsOf(SparkBackendTest.lossesOf(inline.root()));
    }

    /** A JVM on this test's class path, with Spark's Java options, logging to {@code log}. */
    private static Process javaProcess(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "@" + Path.of("src", "jvm", "spark-driver.options").toAbsolutePath(), "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        return builder.start();
    }

    private static Process start(Path log, String mainClass, String... args) throws IOException {
        return javaProcess(log, mainClass, args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the Spark master did not open port " + port + " within 2 minutes");
    }
}

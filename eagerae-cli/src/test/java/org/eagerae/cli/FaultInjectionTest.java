package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eagerae.testing.TinyRuns.losses;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eagerae.run.Environment;
import org.eagerae.run.MemberState;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.testing.TinyRuns;
import org.eagerae.train.EpochRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.eagerae.testing.Folders;

/**
 * Faults injected into real runs: the CLI as a separate JVM killed with SIGKILL and resumed at
 * once, workers that break the protocol, run out of heap, cannot start or are killed, a checkpoint
 * that cannot be written, damaged files, a lock held by a live process, a newline in {@code --out}.
 * Every case ends with numbers equal to an uninterrupted run, or a clear refusal; every failed run
 * says why on one line of standard error, naming each failed member and the root cause.
 *
 * <p>Workers misbehave through a test hook: the system property {@code eagerae.test.worker-fault},
 * which the coordinator passes on to its workers and only workers read. A full disk is a file size
 * limit ({@code ulimit -f}) on the CLI and its workers: a write past it fails as a write to a full
 * disk does, with the system's reason ({@code File too large} instead of {@code No space left on
 * device}), also for root, and without a file system of its own.
 */
class FaultInjectionTest {

    private static final String WORKER_FAULT = "eagerae.test.worker-fault";

    @TempDir
    static Path shared;

    static Path data;

    /** The uninterrupted run every interrupted one is compared with: 2 members, 4 epochs, one thread each. */
    static Path reference;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void trainTheReference() throws Exception {
        data = TinyRuns.writeIdxFolder(shared.resolve("data"), 500, 50);
        reference = shared.resolve("reference");
        assertThat(EagerAeCli.run(train(reference, "--backend", "inline").toArray(String[]::new))).isZero();
    }

    /** {@code train} of the reference's settings into {@code out}, plus {@code extra} options. */
    private static List<String> train(Path out, String... extra) {
        return train(out, 4, extra);
    }

    /** {@code train} of the reference's settings but {@code epochs}, plus {@code extra} options. */
    private static List<String> train(Path out, int epochs, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "idx", "--images", data.toString(), "--train-size", "300",
                "--val-size", "100", "--seed", "3", "--members", "2", "--epochs", String.valueOf(epochs), "--stop", "none", "--threads", "1",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** Runs the CLI in this JVM, keeping what it prints on standard error. */
    private int run(List<String> args) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return EagerAeCli.run(args.toArray(String[]::new));
        } finally {
            System.setErr(old);
        }
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The CLI as a JVM of its own, as a user starts it. */
    private static ProcessBuilder cli(List<String> args) {
        return new ProcessBuilder(cliCommand(args, List.of()));
    }

    /** The command line of the CLI as a JVM of its own, with {@code jvmOptions} too. */
    private static List<String> cliCommand(List<String> args, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dai.djl.offline=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EagerAeCli.class.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * What a CLI process wrote on standard error, but the engine's native warnings (which the launcher drops too) and
     * the warnings that the tests' logging configuration lets through ({@code 10:58:04.301 WARN ...}).
     */
    private static List<String> stderrLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("[W") && !l.contains("AutoNonVariableTypeMode"))
                .filter(l -> !l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARN|INFO) .*")).toList();
    }

    /** Runs a CLI process to its end, its output and errors kept in {@code name.out} and {@code name.err}; its exit code. */
    private int runToEnd(ProcessBuilder cli, String name) throws Exception {
        Process p = cli.redirectOutput(tmp.resolve(name + ".out").toFile()).redirectError(tmp.resolve(name + ".err").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the %s run ends", name).isTrue();
        return p.exitValue();
    }

    @Test
    @Tag("process")
    void killingTheMainProcessMidRunThenResumingGivesTheNumbersOfAnUninterruptedRun() throws Exception {
        Path cut = tmp.resolve("cut");
        Path log = tmp.resolve("first.err");
        Process first = cli(train(cut, "--backend", "processes", "--workers", "2")).redirectError(log.toFile()).start();
        List<ProcessHandle> workers;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.matches("m0[01] epoch 1/4 .*")) {
                // wait until a member has finished its first epoch: both are training their second
            }
            assertThat(line).as("the first run reports epoch 1 (its log: %s)", log).isNotNull();
            workers = first.children().toList();
            first.destroyForcibly(); // SIGKILL: no shutdown hooks, the lock stays behind
            first.waitFor();
        }
        assertThat(workers).hasSize(2);
        long killed = System.nanoTime();
        for (ProcessHandle w : workers) {
            assertThat(w.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
                    .as("worker %d stops within seconds of its parent's death", w.pid()).isNotNull();
        }
        System.out.printf("workers gone %.2f s after the main process was killed%n", (System.nanoTime() - killed) / 1e9);
        assertThat(cut.resolve("run.lock")).as("a killed process leaves its lock").exists();

        Path resumeLog = tmp.resolve("resume.err");
        Process resume = cli(List.of("train", "--resume", "--out", cut.toString())).redirectErrorStream(false)
                .redirectOutput(tmp.resolve("resume.out").toFile()).redirectError(resumeLog.toFile()).start();
        assertThat(resume.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(resume.exitValue()).as(Files.readString(resumeLog)).isZero();
        assertThat(Files.readAllLines(resumeLog)).anyMatch(l -> l.startsWith("eagerae: warning: taking over the lock of"));

        assertThat(losses(cut)).containsExactlyElementsOf(losses(reference)).hasSize(8).doesNotHaveDuplicates();
        RunDirectory run = RunDirectory.open(cut);
        for (int k = 0; k < 2; k++) {
            assertThat(run.member(k).epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4);
        }
        assertThat(run.readManifest().members()).extracting(MemberStatus::state).containsOnly(MemberState.FINISHED);
        assertThat(run.lockFile()).doesNotExist();

        assertThat(run(List.of("features", "--run", cut.toString(), "--epoch", "5", "--out", tmp.resolve("f.npy").toString()))).isEqualTo(2);
        assertThat(errLines()).singleElement().asString().contains("has epochs 1..4, not 5");
        assertThat(tmp.resolve("f.npy")).doesNotExist();
    }

    @Test
    @Tag("process")
    void aStrayLineFromAWorkerFailsOnlyThatMemberAndTheRunExitsOne() {
        Path out = tmp.resolve("stray");
        System.setProperty(WORKER_FAULT, "stray-line:0:1");
        int code;
        try {
            code = run(train(out, 2, "--backend", "processes", "--workers", "1"));
        } finally {
            System.clearProperty(WORKER_FAULT);
        }
        assertThat(code).isEqualTo(1);
        RunManifest manifest = RunDirectory.open(out).readManifest();
        assertThat(manifest.members()).extracting(MemberStatus::state).containsExactly(MemberState.FAILED, MemberState.FINISHED);
        assertThat(manifest.members().get(0).error()).contains("not a WorkerEvent");
        assertThat(manifest.finishedAt()).isNotNull();
        assertThat(errLines()).singleElement().asString().startsWith("eagerae: failed: run " + out + ": 1 of 2 members failed: m00: the worker"
                + " sent a line that is not a WorkerEvent").contains("it was ended after epoch 1");
    }

    @Test
    @Tag("process")
    void aWorkerOutOfHeapFailsItsMemberSayingWhatToChangeAndTheRunStaysResumable() throws Exception {
        Path big = TinyRuns.writeIdxFolder(tmp.resolve("big"), 12_000, 50);
        Path out = tmp.resolve("oom");
        List<String> args = new ArrayList<>(train(out, 1, "--backend", "processes", "--workers", "1"));
        args.set(args.indexOf(data.toString()), big.toString());
        args.set(args.indexOf("--train-size") + 1, "11900"); // a worker decodes only the images its splits draw
        ProcessBuilder cli = cli(args).redirectOutput(tmp.resolve("oom.out").toFile()).redirectError(tmp.resolve("oom.err").toFile());
        cli.environment().put("EAGERAE_WORKER_JAVA_OPTS", "-Xmx40m"); // too small for 11,900 training images as floats
        Process p = cli.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("oom.err"))).isEqualTo(1);
        RunDirectory run = RunDirectory.open(out);
        for (MemberStatus m : run.readManifest().members()) {
            assertThat(m.state()).isEqualTo(MemberState.FAILED);
            assertThat(m.error()).contains("out of Java heap").contains("EAGERAE_WORKER_JAVA_OPTS=").contains("a smaller batch size");
        }
        assertThat(run.member(0).epochs()).isEmpty();
        assertThat(Files.readString(tmp.resolve("oom.out"))).contains("m00 FAILED: out of Java heap");
        assertThat(stderrLines(tmp.resolve("oom.err"))).singleElement().asString()
                .startsWith("eagerae: out of memory: run " + out + ": 2 of 2 members failed: m00: out of Java heap")
                .contains("; m01: out of Java heap").contains("give it more with EAGERAE_WORKER_JAVA_OPTS=");

        assertThat(run(List.of("train", "--resume", "--out", out.toString(), "--backend", "inline"))).isZero();
        assertThat(run.readManifest().members()).extracting(MemberStatus::state).containsOnly(MemberState.FINISHED);
    }

    @Test
    @Tag("process")
    void aWorkerJvmThatCannotStartFailsWithTheJvmsOwnErrorOnOneStderrLineAndTheRunResumes() throws Exception {
        Path out = tmp.resolve("bogus");
        ProcessBuilder cli = cli(train(out, "--backend", "processes", "--workers", "2"));
        cli.environment().put("EAGERAE_WORKER_JAVA_OPTS", "-Xmx1g -Xbogus");
        assertThat(runToEnd(cli, "bogus")).isEqualTo(1);
        String died = "worker process died (exit code 1) before its first batch: Unrecognized option: -Xbogus (its log: " + out.resolve("logs");
        assertThat(stderrLines(tmp.resolve("bogus.err"))).singleElement().asString()
                .startsWith("eagerae: failed: run " + out + ": 2 of 2 members failed: m00: " + died)
                .contains("; m01: " + died).doesNotContain("Stream closed");
        assertThat(Files.readString(tmp.resolve("bogus.out"))).contains("m00 FAILED: worker process died");

        assertThat(run(List.of("train", "--resume", "--out", out.toString(), "--backend", "inline"))).isZero();
        assertThat(losses(out)).containsExactlyElementsOf(losses(reference));
    }

    @Test
    @Tag("process")
    void aKilledWorkerFailsItsMemberWithTheSignalOnOneStderrLineAndTheRunResumes() throws Exception {
        Path out = tmp.resolve("killed");
        // one worker takes the members' epochs in turns; member 0's stalls in its second epoch, where the worker is killed
        List<String> command = cliCommand(train(out, "--backend", "processes", "--workers", "1"), List.of("-D" + WORKER_FAULT + "=stall:0:2"));
        Process p = new ProcessBuilder(command).redirectOutput(tmp.resolve("killed.out").toFile())
                .redirectError(tmp.resolve("killed.err").toFile()).start();
        try {
            Path log = out.resolve("logs").resolve("worker-0.log");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!(Files.exists(log) && Files.readAllLines(log).stream().filter(l -> l.contains("(member 0) starts its first batch"))
                    .count() == 2)) {
                assertThat(System.nanoTime()).as("member 0 starts its second epoch (%s)", log).isLessThan(deadline);
                assertThat(p.isAlive()).as("the run goes on until the worker is killed").isTrue();
                Thread.sleep(50);
            }
            assertThat(p.children().toList()).singleElement().satisfies(worker -> assertThat(worker.destroyForcibly()).isTrue());
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(stderrLines(tmp.resolve("killed.err"))).singleElement().asString()
                .startsWith("eagerae: failed: run " + out + ": 1 of 2 members failed: m00: worker process died (exit code 137: killed by"
                        + " signal 9 (SIGKILL").contains("after epoch 1 (its log: " + out.resolve("logs")).doesNotContain("m01");
        RunManifest manifest = RunDirectory.open(out).readManifest();
        assertThat(manifest.members()).extracting(MemberStatus::state).containsExactly(MemberState.FAILED, MemberState.FINISHED);

        assertThat(run(List.of("train", "--resume", "--out", out.toString(), "--backend", "inline"))).isZero();
        assertThat(losses(out)).containsExactlyElementsOf(losses(reference));
    }

    @Test
    @Tag("process")
    void aFullDiskWhileWritingACheckpointFailsWithItsCauseOnOneStderrLineAndTheRunResumes() throws Exception {
        Path out = tmp.resolve("full");
        // at most 100 KiB a file, for the CLI and its workers: a checkpoint (180 KB; the first is epoch 0, the initial weights) cannot be written, run.json and logs can
        List<String> limited = new ArrayList<>(List.of("bash", "-c", "ulimit -f 100 && exec \"$@\"", "bash"));
        limited.addAll(cliCommand(train(out, "--backend", "processes", "--workers", "2"), List.of()));
        assertThat(runToEnd(new ProcessBuilder(limited), "full")).isEqualTo(1);
        assertThat(stderrLines(tmp.resolve("full.err"))).singleElement().asString()
                .startsWith("eagerae: failed: run " + out + ": 2 of 2 members failed: m00: UncheckedIOException: cannot write "
                        + out.resolve("members/m00/epoch-000.params") + ": File too large; m01: UncheckedIOException: cannot write "
                        + out.resolve("members/m01/epoch-000.params") + ": File too large");
        try (Stream<Path> files = Files.walk(out.resolve("members"))) {
            assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
                    .as("no checkpoint, and no part of one").noneMatch(f -> f.contains("epoch-"));
        }

        assertThat(run(List.of("train", "--resume", "--out", out.toString(), "--backend", "inline"))).isZero();
        assertThat(losses(out)).containsExactlyElementsOf(losses(reference));
    }

    @Test
    @Tag("process")
    void aNewlineInTheRunFolderTravelsToTheWorkers() throws Exception {
        Path out = tmp.resolve("two\nlines");
        assertThat(run(train(out, 1, "--backend", "processes", "--workers", "1"))).isZero();
        RunDirectory run = RunDirectory.open(out);
        assertThat(run.readManifest().members()).extracting(MemberStatus::state).containsOnly(MemberState.FINISHED);
        assertThat(run.readMetrics()).hasSize(2);
        assertThat(run.checkpoint(1, 1)).isRegularFile();
        assertThat(run.workerLog(0)).exists();
        assertThat(losses(out)).containsExactlyElementsOf(losses(reference).stream().filter(l -> l.split(":")[1].equals("1")).toList());
    }

    @Test
    void aTruncatedLastCheckpointIsRefusedByFeaturesAndSkippedOnResume() throws Exception {
        Path out = tmp.resolve("damaged");
        assertThat(run(train(out, "--backend", "inline"))).isZero();
        RunDirectory run = RunDirectory.open(out);
        Path last = run.checkpoint(0, 4);
        byte[] whole = Files.readAllBytes(last);
        Files.write(last, java.util.Arrays.copyOf(whole, whole.length - 1000));

        err.reset();
        Path npy = tmp.resolve("features.npy");
        assertThat(run(List.of("features", "--run", out.toString(), "--epoch", "4", "--out", npy.toString()))).isEqualTo(2);
        assertThat(errLines()).singleElement().asString().contains(last.toString()).contains("damaged").contains("truncated");
        assertThat(npy).doesNotExist();

        err.reset();
        assertThat(run(List.of("train", "--resume", "--out", out.toString(), "--backend", "inline", "--workers", "3"))).isZero();
        assertThat(errLines()).singleElement().asString().startsWith("eagerae: warning: ").contains(last.toString())
                .contains("kept as epoch-004.params.damaged-");
        assertThat(losses(out)).containsExactlyElementsOf(losses(reference));
        try (Stream<Path> files = Files.list(run.member(0).dir())) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("epoch-004.params.damaged-")))
                    .singleElement().satisfies(f -> assertThat(Files.size(f)).isEqualTo(whole.length - 1000));
        }

        Files.delete(run.checkpoint(1, 2));
        err.reset();
        assertThat(run(List.of("classify", "--run", out.toString(), "--epoch", "2", "--method", "single", "--threads", "1"))).isEqualTo(2);
        assertThat(errLines()).singleElement().asString().contains(run.checkpoint(1, 2).toString()).contains("missing");
    }

    @Test
    void resumeRefusesOptionsThatDecideTheNumbersAndALiveLock() throws Exception {
        Map<String, String> before = TestFiles.snapshot(reference);
        assertThat(run(List.of("train", "--resume", "--out", reference.toString(), "--seed", "9", "--epochs", "7", "--workers", "1")))
                .isEqualTo(2);
        assertThat(errLines()).singleElement().asString().contains("leave out --seed, --epochs").contains("only --backend, --workers and the Spark options may change");

        Process holder = new ProcessBuilder("sleep", "60").start();
        try {
            Files.write(reference.resolve("run.lock"), new ObjectMapper().writeValueAsBytes(Map.of("pid", holder.pid(),
                    "host", Environment.host(), "startedAt", "2025-01-01T00:00:00Z")));
            err.reset();
            assertThat(run(List.of("train", "--resume", "--out", reference.toString()))).isEqualTo(2);
            assertThat(errLines()).singleElement().asString().contains("in use by process " + holder.pid() + " on " + Environment.host());
        } finally {
            holder.destroyForcibly().waitFor();
            Files.delete(reference.resolve("run.lock"));
        }
        assertThat(TestFiles.snapshot(reference)).as("nothing in the run changed").isEqualTo(before);
    }

    @Test
    void aLockFileNeverCompletelyWrittenIsNoLockAndResumeGoesOn() throws Exception {
        Path out = tmp.resolve("copy");
        Folders.copyTree(reference, out);
        RunDirectory run = RunDirectory.open(out);
        Files.write(run.lockFile(), new byte[0]); // as a disk that was full when the lock was created leaves it
        Files.setLastModifiedTime(run.lockFile(), java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(600)));

        err.reset();
        assertThat(run(List.of("train", "--resume", "--out", out.toString(), "--backend", "inline"))).as(err.toString()).isZero();
        assertThat(errLines()).singleElement().asString().startsWith("eagerae: warning: ").contains(run.lockFile().toString())
                .contains("never completely written");
        assertThat(run.lockFile()).doesNotExist();
        assertThat(run.readManifest().members()).extracting(MemberStatus::state).containsOnly(MemberState.FINISHED);
        assertThat(losses(out)).containsExactlyElementsOf(losses(reference));
    }
}

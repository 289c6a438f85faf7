package org.eagerae.ensemble;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM ({@link WorkerMain}) and its pipes: member jobs go in as {@code train RUN_DIR\tK}
 * lines, progress comes back as {@link WorkerMessage} JSON lines. The worker's standard error
 * (its log, including the engine's native warnings) is copied to the log file of the job it is
 * running, so a long-lived worker serving several runs leaves each run its own log.
 */
final class WorkerProcess implements AutoCloseable {

    /** Heap of a worker JVM: enough for CIFAR-10's 50,000 training images as floats. */
    private static final String HEAP = "-Xmx3g";

    private final Process process;
    private final Writer commands;
    private final BufferedReader events;
    private Path log; // guarded by this

    private WorkerProcess(Process process, Path log) throws IOException {
        this.process = process;
        logTo(log);
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.events = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread pump = new Thread(this::copyLog, "worker-log-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts a worker JVM with {@code threads} intra-op threads; it logs to {@code log} until its first job. */
    static WorkerProcess start(int threads, Path log) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC",
                "-Xlog:all=warning:stderr", // the JVM's own warnings would otherwise go to the protocol's stdout
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=" + threads,
                "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"),
                WorkerMain.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command);
        NativeMemory.applyTo(builder.environment());
        return new WorkerProcess(builder.start(), log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Has the worker train one member of {@code run}, relaying its progress; a worker that dies
     * meanwhile gives a failed status that says so.
     */
    MemberStatus train(RunDirectory run, MemberJob job, Path jobLog, EnsembleListener listener) throws IOException {
        logTo(jobLog);
        commands.write("train " + run.root().toAbsolutePath() + "\t" + job.member() + "\n");
        commands.flush();
        int lastEpoch = 0;
        String line;
        while ((line = events.readLine()) != null) {
            if (!line.startsWith("{")) {
                appendToLog("stdout: " + line); // not a message: something native printed it
                continue;
            }
            WorkerMessage m = RunDirectory.JSON.readValue(line, WorkerMessage.class);
            switch (m.type()) {
                case "start" -> listener.onStart(m.member(), m.epoch(), m.maxEpochs(), m.batches());
                case "batch" -> listener.onBatch(m.member(), m.epoch(), m.batch(), m.batches(), m.loss());
                case "epoch" -> {
                    lastEpoch = m.record().epoch();
                    listener.onEpoch(m.record());
                }
                case "done" -> {
                    return m.status();
                }
                default -> throw new IOException("unknown worker message: " + line);
            }
        }
        int code;
        try {
            code = process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        return MemberStatus.failed(job, lastEpoch, "worker process died (exit code " + code + ") after epoch "
                + lastEpoch + "; see " + jobLog);
    }

    private void copyLog() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                appendToLog(line);
            }
        } catch (IOException e) {
            // the worker or its log folder is gone; nothing left to copy
        }
    }

    /** Sends the log to {@code file} from now on, creating it: a run gets its log even when a warm worker has nothing to say. */
    private synchronized void logTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        log = file;
    }

    private synchronized void appendToLog(String line) throws IOException {
        Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Asks the worker to exit, and ends it if it does not within 30 seconds. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                commands.write("exit\n");
                commands.flush();
            }
        } catch (IOException e) {
            // the worker is gone already
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

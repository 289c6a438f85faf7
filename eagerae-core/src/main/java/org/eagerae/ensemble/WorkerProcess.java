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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM ({@link WorkerMain}) and its pipes: jobs go in as {@link WorkerCommand} lines,
 * their events come back as {@link WorkerEvent} lines. The worker's standard error (its log,
 * including the engine's native warnings) is copied to the log file of the job it is running, so
 * a long-lived worker serving several runs leaves each run its own log.
 *
 * <p>A worker that breaks the protocol (a line that is no event, an event of another job or
 * member), or whose events cannot be handled here (any exception while handling them), is ended
 * at once and its member fails with the reason: a worker is never left running a job nobody
 * listens to. A worker whose member failed is ended too; the pool starts a fresh one.
 */
final class WorkerProcess implements AutoCloseable {

    /** The environment variable with the Java options of worker JVMs (default {@value #DEFAULT_JAVA_OPTIONS}). */
    static final String JAVA_OPTIONS = "EAGERAE_WORKER_JAVA_OPTS";
    /** Heap of a worker JVM by default: enough for CIFAR-10's 50,000 training images as floats. */
    private static final String DEFAULT_JAVA_OPTIONS = "-Xmx3g";

    private final Process process;
    private final Writer commands;
    private final BufferedReader events;
    private Path log; // guarded by this
    private volatile boolean ended;
    private volatile boolean busy;

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
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getenv(JAVA_OPTIONS);
        command.addAll(Arrays.asList((options == null || options.isBlank() ? DEFAULT_JAVA_OPTIONS : options).trim().split("\\s+")));
        command.addAll(List.of("-XX:+UseSerialGC",
                "-Xlog:all=warning:stderr", // the JVM's own warnings would otherwise go to the events' stdout
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=" + threads,
                "-Dai.djl.pytorch.num_interop_threads=1"));
        String fault = System.getProperty(FaultHook.PROPERTY);
        if (fault != null) {
            command.add("-D" + FaultHook.PROPERTY + "=" + fault);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command);
        NativeMemory.applyTo(builder.environment());
        return new WorkerProcess(builder.start(), log);
    }

    /** Whether the worker can take a job: it runs, and was not ended. */
    boolean isAlive() {
        return !ended && process.isAlive();
    }

    /** The worker's process id. */
    long pid() {
        return process.pid();
    }

    /**
     * Has the worker train one member of {@code run} as job {@code jobId}, relaying its progress.
     * Never throws: a worker that dies, breaks the protocol, or whose events fail here gives a
     * failed status that says so.
     */
    MemberStatus train(RunDirectory run, RunSpec spec, MemberJob job, long jobId, Path jobLog, EnsembleListener listener) {
        int lastEpoch = 0;
        boolean answered = false;
        busy = true;
        try {
            logTo(jobLog);
            commands.write(Protocol.line(new WorkerCommand.TrainMember(jobId, run.root().toAbsolutePath().toString(), spec, job.member()))
                    + "\n");
            commands.flush();
            String line;
            while ((line = events.readLine()) != null) {
                WorkerEvent event = Protocol.event(line);
                if (event.job() != jobId || event.member() != job.member()) {
                    throw new Protocol.ProtocolException("an event of job " + event.job() + " (member " + event.member()
                            + ") during job " + jobId + " (member " + job.member() + ")");
                }
                if (event instanceof WorkerEvent.MemberDone done) {
                    MemberStatus status = done.status();
                    if (status.member() != job.member() || status.seed() != spec.memberSeed(job.member(), status.restarts().size())) {
                        throw new Protocol.ProtocolException("the outcome of member " + status.member() + " (seed " + status.seed() + ", "
                                + status.restarts().size() + " restarts) for member " + job.member());
                    }
                    answered = !done.status().isFailed();
                    return done.status();
                }
                if (event instanceof WorkerEvent.Epoch epoch) {
                    lastEpoch = epoch.record().epoch();
                }
                deliver((WorkerEvent.Progress) event, listener);
            }
            return MemberStatus.failed(job, lastEpoch, "worker process died (exit code " + exitCode() + ") after epoch " + lastEpoch
                    + "; see " + jobLog);
        } catch (Protocol.ProtocolException e) {
            return MemberStatus.failed(job, lastEpoch, "the worker sent " + e.getMessage() + "; it was ended after epoch " + lastEpoch);
        } catch (HandlingFailed e) {
            return MemberStatus.failed(job, lastEpoch, e.getMessage() + "; the worker was ended after epoch " + lastEpoch);
        } catch (IOException | RuntimeException e) {
            return MemberStatus.failed(job, lastEpoch, MemberRunner.describe(e) + "; the worker was ended after epoch " + lastEpoch);
        } catch (OutOfMemoryError e) {
            return MemberStatus.failed(job, lastEpoch, MemberRunner.outOfHeap(job, InlineBackend.HEAP_SETTING)
                    + " (in the coordinating process); the worker was ended");
        } finally {
            busy = false;
            if (!answered) {
                end();
            }
        }
    }

    /** Handling an event failed here, in the coordinator: the message names the event and the cause. */
    private static final class HandlingFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HandlingFailed(WorkerEvent event, RuntimeException cause) {
            super("while handling member " + event.member() + "'s " + event.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                    + " event: " + MemberRunner.describe(cause), cause);
        }
    }

    /** Passes one event to the listener; its failure names the event. */
    private static void deliver(WorkerEvent.Progress event, EnsembleListener listener) {
        try {
            event.deliverTo(listener);
        } catch (RuntimeException e) {
            throw new HandlingFailed(event, e);
        }
    }

    private int exitCode() {
        try {
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
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

    /** Ends the worker now and waits until it is gone, so that it writes nothing further. */
    void end() {
        ended = true;
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks an idle worker to exit, and ends it if it does not within 30 seconds; a busy worker is ended at once. */
    @Override
    public void close() {
        if (busy) {
            end();
            return;
        }
        try {
            if (isAlive()) {
                commands.write(Protocol.line(new WorkerCommand.Shutdown()) + "\n");
                commands.flush();
            }
        } catch (IOException e) {
            // the worker is gone already
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                end();
            }
        } catch (InterruptedException e) {
            end();
            Thread.currentThread().interrupt();
        }
    }
}

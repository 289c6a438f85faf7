package org.eagerae.worker;

import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.ensemble.InlineBackend;
import org.eagerae.ensemble.MemberRunner;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.ClassifierTask;
import org.eagerae.classify.SupervisedTrainer;

/**
 * One worker JVM ({@link WorkerMain}) and its pipes: jobs go in as {@link WorkerCommand} lines,
 * their events come back as {@link WorkerEvent} lines. The worker's standard error (its log,
 * including the engine's native warnings) is copied to the log file of the job it is running, so
 * a long-lived worker serving several runs leaves each run its own log.
 *
 * <p>Workers start warm where they can: they share a class-data archive ({@link ClassDataArchive}),
 * compile with the JIT's first tier only, log through a provider without configuration
 * ({@link WorkerLog}), put the images straight where they live in the heap, and load the engine
 * while they read their first job.
 *
 * <p>A worker that breaks the protocol (a line that is no event, an event of another job or
 * member), or whose events cannot be handled here (any exception while handling them), is ended
 * at once and its member fails with the reason: a worker is never left running a job nobody
 * listens to. A worker whose member failed is ended too; the pool starts a fresh one. A worker that
 * dies (or never starts: a bad JVM option, a class path without eagerae) fails its member with how it
 * ended (exit code or signal) and the line of its standard error that says why ({@link WorkerErrors}).
 */
final class WorkerProcess implements AutoCloseable {

    /** The environment variable with the Java options of worker JVMs (default {@value #DEFAULT_JAVA_OPTIONS}). */
    static final String JAVA_OPTIONS = "EAGERAE_WORKER_JAVA_OPTS";
    /** Heap of a worker JVM by default: enough for CIFAR-10's 50,000 training images as floats. */
    private static final String DEFAULT_JAVA_OPTIONS = "-Xmx3g";

    private final Process process;
    private final Writer commands;
    private final BufferedReader events;
    private final long spawned;
    private final Thread pump;
    /** The worker's latest lines on standard error, since it started or since its last job that went well. */
    private final WorkerErrors errors = new WorkerErrors();
    /** Where this worker writes the class-data archive when it exits, if it makes one. */
    private final Optional<Path> archiveMade;
    private final Optional<ClassDataArchive> archive;
    private Path log; // guarded by this
    private volatile boolean ended;
    private volatile boolean busy;
    private volatile WorkerStartup startup;

    private WorkerProcess(Process process, long spawned, Path log, Optional<ClassDataArchive> archive, Optional<Path> archiveMade) throws IOException {
        this.process = process;
        this.spawned = spawned;
        this.archive = archive;
        this.archiveMade = archiveMade;
        logTo(log);
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.events = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.pump = new Thread(this::copyLog, "worker-log-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts a worker JVM with {@code threads} intra-op threads and the given class path; it logs to
     * {@code log} until its first job. It uses the class-data archive if there is one, or makes it
     * when {@code makeArchive}.
     */
    static WorkerProcess start(int threads, Path log, String classPath, Optional<ClassDataArchive> archive, boolean makeArchive)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getenv(JAVA_OPTIONS);
        command.addAll(Arrays.asList((options == null || options.isBlank() ? DEFAULT_JAVA_OPTIONS : options).trim().split("\\s+")));
        Optional<Path> archiveMade = Optional.empty();
        if (archive.isPresent() && archive.get().exists()) {
            command.add(archive.get().useOption());
        } else if (archive.isPresent() && makeArchive) {
            archiveMade = Optional.of(archive.get().temporaryFile());
            command.add(ClassDataArchive.makeOption(archiveMade.get()));
        }
        command.addAll(List.of("-XX:+UseSerialGC",
                // the images (arrays of megabytes) go straight to the old generation: no collection copies them while the data loads
                "-XX:PretenureSizeThreshold=8m",
                "-XX:TieredStopAtLevel=1", // the engine does the heavy work; the JIT's second tier only costs start-up time
                // the JVM's own warnings and errors go to standard output by default, where only events may go: off there, on stderr
                "-Xlog:disable", "-Xlog:all=warning:stderr",
                "-Dslf4j.provider=" + WorkerLog.class.getName(), "-Dslf4j.internal.verbosity=WARN",
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=" + threads,
                "-Dai.djl.pytorch.num_interop_threads=1"));
        String fault = System.getProperty(FaultHook.PROPERTY);
        if (fault != null) {
            command.add("-D" + FaultHook.PROPERTY + "=" + fault);
        }
        command.add("-D" + WorkerMain.SPAWNED_AT_PROPERTY + "=" + System.currentTimeMillis());
        command.addAll(List.of("-cp", classPath, WorkerMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command);
        NativeMemory.applyTo(builder.environment());
        long spawned = System.nanoTime();
        return new WorkerProcess(builder.start(), spawned, log, archive, archiveMade);
    }

    /** How long the worker took from its spawn to its first job's first batch, once it got there. */
    Optional<WorkerStartup> startup() {
        return Optional.ofNullable(startup);
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
     * Has the worker train one member of {@code run} up to epoch {@code untilEpoch} as job
     * {@code jobId}, relaying its progress. Never throws: a worker that dies, breaks the protocol,
     * or whose events fail here gives a failed status that says so.
     */
    MemberStatus train(RunDirectory run, RunSpec spec, MemberJob job, int untilEpoch, long jobId, Path jobLog, EnsembleListener listener) {
        WorkerCommand.TrainMember command = new WorkerCommand.TrainMember(jobId, run.root().toAbsolutePath().toString(), spec, job.member(),
                untilEpoch);
        return runJob(command, jobLog, new JobReader<>() {
            private int lastEpoch;
            private boolean started;

            @Override
            public MemberStatus onEvent(WorkerEvent event) throws Protocol.ProtocolException {
                if (event instanceof WorkerEvent.MemberDone done) {
                    MemberStatus status = done.status();
                    if (status.member() != job.member() || status.seed() != spec.memberSeed(job.member(), status.restarts().size())) {
                        throw new Protocol.ProtocolException("the outcome of member " + status.member() + " (seed " + status.seed() + ", "
                                + status.restarts().size() + " restarts) for member " + job.member());
                    }
                    return status;
                }
                if (event instanceof WorkerEvent.Started first) {
                    started = true;
                    lastEpoch = first.firstEpoch() - 1;
                    if (startup == null) {
                        startup = new WorkerStartup((System.nanoTime() - spawned) / 1e9,
                                process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN));
                    }
                } else if (event instanceof WorkerEvent.Epoch epoch) {
                    lastEpoch = epoch.record().epoch();
                }
                if (!(event instanceof WorkerEvent.Progress progress)) {
                    throw new Protocol.ProtocolException("a " + Protocol.line(event) + " during a training job");
                }
                deliver(event, () -> progress.deliverTo(listener));
                return null;
            }

            @Override
            public boolean succeeded(MemberStatus outcome) {
                return !outcome.isFailed();
            }

            @Override
            public String progress() {
                return !started ? "before its first batch" : lastEpoch == 0 ? "in its first epoch" : "after epoch " + lastEpoch;
            }

            @Override
            public MemberStatus failed(String why) {
                return MemberStatus.failed(job, lastEpoch, why);
            }

            @Override
            public String outOfHeap() {
                return MemberRunner.outOfHeap(job, InlineBackend.HEAP_SETTING) + " (in the coordinating process); the worker was ended";
            }
        });
    }

    /**
     * Has the worker fine-tune member {@code member} from {@code checkpoint} as job {@code jobId}, its result
     * written to {@code output}, telling {@code listener} of every epoch of {@code task}. Never throws: a worker that dies or
     * breaks the protocol, or a fine-tuning that fails, gives an outcome whose {@code error} says why.
     */
    WorkerEvent.FineTuneDone fineTune(RunSpec spec, int member, Path checkpoint, ClassifierOptions settings, Path output, long jobId,
            Path jobLog, ClassifierListener listener, ClassifierTask task) {
        WorkerCommand.FineTuneMember command = new WorkerCommand.FineTuneMember(jobId, spec, member, checkpoint.toAbsolutePath().toString(),
                settings, output.toAbsolutePath().toString());
        return runJob(command, jobLog, new JobReader<>() {
            private int lastEpoch;

            @Override
            public WorkerEvent.FineTuneDone onEvent(WorkerEvent event) throws Protocol.ProtocolException {
                if (event instanceof WorkerEvent.FineTuneDone done) {
                    return done;
                }
                if (!(event instanceof WorkerEvent.ClassifierEpoch epoch)) {
                    throw new Protocol.ProtocolException("a " + Protocol.line(event) + " during a fine-tuning job");
                }
                lastEpoch = epoch.epoch();
                deliver(event, () -> listener.onClassifierEpoch(task, epoch.epoch(), settings.maxEpochs(), epoch.valAccuracy()));
                return null;
            }

            @Override
            public boolean succeeded(WorkerEvent.FineTuneDone outcome) {
                return outcome.error() == null;
            }

            @Override
            public String progress() {
                return "after fine-tuning epoch " + lastEpoch;
            }

            @Override
            public WorkerEvent.FineTuneDone failed(String why) {
                return new WorkerEvent.FineTuneDone(jobId, member, null, why);
            }

            @Override
            public String outOfHeap() {
                return "the coordinating process ran out of Java heap (" + InlineBackend.HEAP_SETTING + "); the worker was ended";
            }
        });
    }

    /** What a job makes of its events, and of its failure. */
    private interface JobReader<R> {
        /** The job's outcome when {@code event} is its last, or null to read on; a protocol breach throws. */
        R onEvent(WorkerEvent event) throws Protocol.ProtocolException;

        /** Whether the outcome leaves the worker fit for the next job. */
        boolean succeeded(R outcome);

        /** How far the job got, for messages ("after epoch 3"). */
        String progress();

        /** The outcome of a job that failed for {@code why}. */
        R failed(String why);

        /** Why the job failed when this process ran out of heap handling it. */
        String outOfHeap();
    }

    /**
     * Sends {@code command}, then reads its events (each must name the command's job and member) until
     * {@code reader} gives the outcome. A worker that dies, breaks the protocol, whose events fail here, or
     * whose job fails, is ended.
     */
    private <R> R runJob(WorkerCommand.Job command, Path jobLog, JobReader<R> reader) {
        boolean answered = false;
        busy = true;
        try {
            logTo(jobLog);
            commands.write(Protocol.line(command) + "\n");
            commands.flush();
            String line;
            while ((line = events.readLine()) != null) {
                WorkerEvent event = Protocol.event(line);
                if (event.job() != command.job() || event.member() != command.member()) {
                    throw new Protocol.ProtocolException("an event of job " + event.job() + " (member " + event.member()
                            + ") during job " + command.job() + " (member " + command.member() + ")");
                }
                R outcome = reader.onEvent(event);
                if (outcome != null) {
                    answered = reader.succeeded(outcome);
                    return outcome;
                }
            }
            return reader.failed(died(reader.progress(), jobLog));
        } catch (Protocol.ProtocolException e) {
            return reader.failed("the worker sent " + e.getMessage() + "; it was ended " + reader.progress());
        } catch (HandlingFailed e) {
            return reader.failed(e.getMessage() + "; the worker was ended " + reader.progress());
        } catch (IOException e) {
            // a pipe to a worker that died (it may never have started) closes under our feet: say why it died
            return reader.failed(hasExited() ? died(reader.progress(), jobLog)
                    : MemberRunner.describe(e) + "; the worker was ended " + reader.progress());
        } catch (RuntimeException e) {
            return reader.failed(MemberRunner.describe(e) + "; the worker was ended " + reader.progress());
        } catch (OutOfMemoryError e) {
            return reader.failed(reader.outOfHeap());
        } finally {
            busy = false;
            if (answered) {
                errors.clear();
            } else {
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

    /** Passes one event on; its failure names the event. */
    private static void deliver(WorkerEvent event, Runnable delivery) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            throw new HandlingFailed(event, e);
        }
    }

    /**
     * Why the job failed when the worker died: how it ended, the line of its standard error that says
     * why (once the worker's last words are read), and where its log is, e.g. {@code worker process died
     * (exit code 1) before its first batch: Unrecognized option: -Xbogus (its log: .../worker-0.log)}.
     */
    private String died(String progress, Path jobLog) {
        int code = exitCode();
        try {
            pump.join(TimeUnit.SECONDS.toMillis(5)); // the rest of its standard error
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String how = code < 0 ? "worker process closed its output and still ran 30 s later" : "worker process died (" + ended(code) + ")";
        String why = errors.why().map(line -> ": " + line).orElse("");
        if (why.contains("Could not find or load main class " + WorkerMain.class.getName())) {
            why += "; give workers eagerae's class path with -D" + WorkerClassPath.PROPERTY + "=...";
        }
        return how + " " + progress + why + " (its log: " + jobLog + ")";
    }

    /** How a process ended, from its exit code: above 128, the signal that killed it (as Java reports it on Unix). */
    static String ended(int exitCode) {
        if (exitCode > 128 && exitCode < 128 + 32) {
            int signal = exitCode - 128;
            String name = switch (signal) {
                case 1 -> " (SIGHUP)";
                case 2 -> " (SIGINT)";
                case 6 -> " (SIGABRT)";
                case 9 -> " (SIGKILL, e.g. by a user or the system's out-of-memory killer)";
                case 11 -> " (SIGSEGV)";
                case 15 -> " (SIGTERM)";
                default -> "";
            };
            return "exit code " + exitCode + ": killed by signal " + signal + name;
        }
        return "exit code " + exitCode;
    }

    private int exitCode() {
        try {
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Whether the worker has exited, or does within a few seconds (a pipe that broke under it breaks as it goes). */
    private boolean hasExited() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private void copyLog() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                errors.add(line);
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
        archiveMade.ifPresent(ClassDataArchive::discard);
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
            } else if (archiveMade.isPresent()) {
                if (process.exitValue() == 0) {
                    archive.orElseThrow().publish(archiveMade.get());
                } else {
                    ClassDataArchive.discard(archiveMade.get());
                }
            }
        } catch (InterruptedException e) {
            end();
            Thread.currentThread().interrupt();
        }
    }
}

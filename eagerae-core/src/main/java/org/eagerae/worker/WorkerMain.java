package org.eagerae.worker;

import org.eagerae.ensemble.MemberRunner;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierTask;
import org.eagerae.classify.FineTuning;
import org.eagerae.classify.Method;
import org.eagerae.classify.StateDict;
import org.eagerae.classify.LabelBudget;
import org.eagerae.data.DataSplit;
import org.eagerae.io.AtomicFiles;
import org.eagerae.train.EpochListener;
import org.eagerae.train.EpochRecord;

/**
 * The entry point of a worker process: runs the jobs it is sent ({@link WorkerCommand} lines on
 * standard input), one at a time, and reports on them ({@link WorkerEvent} lines on standard
 * output). The data of the latest run stays loaded, so the next job on the same data starts at
 * once. Anything else it prints goes to standard error, which the coordinator keeps in the run's
 * {@code logs/} folder.
 *
 * <p>A worker never outlives its coordinator: it stops at once, even mid-epoch and without
 * writing anything further, when its standard input closes, when its parent process is gone
 * (checked every {@value #PARENT_CHECK_MILLIS} ms), or when writing an event fails.
 */
public final class WorkerMain {

    /** How often the worker checks that its parent process still runs. */
    static final long PARENT_CHECK_MILLIS = 200;
    /** Exit code when the coordinator is gone (standard input closed, or the parent process ended). */
    static final int EXIT_COORDINATOR_GONE = 3;
    /** Exit code when an event cannot be written. */
    static final int EXIT_EVENTS_BROKEN = 4;
    /** Exit code when a command line cannot be read. */
    static final int EXIT_BAD_COMMAND = 5;
    /** How users give worker processes more heap ({@link WorkerProcess} reads it). */
    static final String HEAP_SETTING = WorkerProcess.JAVA_OPTIONS + "=-Xmx6g";

    /** The system property in which the coordinator passes the time (epoch milliseconds) it spawned the worker. */
    static final String SPAWNED_AT_PROPERTY = "eagerae.worker.spawnedAtMillis";

    private WorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 0) {
            System.err.println("usage: WorkerMain (jobs come on standard input)");
            System.exit(2);
        }
        Events events = new Events(new FileOutputStream(FileDescriptor.out));
        System.setOut(System.err); // standard output carries events only
        loadEngineMeanwhile();
        watchParent();
        BlockingQueue<WorkerCommand> commands = readCommands();
        FaultHook fault = FaultHook.fromSystemProperties();
        while (true) {
            WorkerCommand command = commands.take();
            if (command instanceof WorkerCommand.Shutdown) {
                System.exit(0);
            } else if (command instanceof WorkerCommand.TrainMember train) {
                events.send(trainMember(train, events, fault));
            } else if (command instanceof WorkerCommand.FineTuneMember fineTune) {
                events.send(fineTuneMember(fineTune, events));
            }
        }
    }

    private static WorkerEvent.MemberDone trainMember(WorkerCommand.TrainMember command, Events events, FaultHook fault) {
        long job = command.job();
        MemberJob member = command.spec().jobs().get(command.member());
        EpochListener reporter = new EpochListener() {
            @Override
            public void onStart(int k, int firstEpoch, int maxEpochs, int batches) {
                logSinceSpawn("job " + job + " (member " + k + ") starts its first batch");
                events.send(new WorkerEvent.Started(job, k, firstEpoch, maxEpochs, batches));
            }

            @Override
            public void onBatch(int k, int epoch, int batch, int batches, double loss) {
                events.send(new WorkerEvent.Batch(job, k, epoch, batch, batches, loss));
                fault.afterBatch(k, epoch, batch);
            }

            @Override
            public void onEpoch(EpochRecord record) {
                events.send(new WorkerEvent.Epoch(job, record.member(), record));
                fault.afterEpoch(job, record, events);
            }

            @Override
            public void onWarning(String message) {
                events.send(new WorkerEvent.Warning(job, member.member(), message));
            }

            @Override
            public void onRestart(int k, long seed, String reason) {
                events.send(new WorkerEvent.Restarted(job, k, seed, reason));
            }
        };
        MemberStatus status;
        try {
            RunDirectory run = RunDirectory.open(Path.of(command.run()));
            // the coordinator checked the data's files before it sent the job
            DataSplit data = command.spec().data().loadCheckedByCoordinator();
            logSinceSpawn("job " + job + " has its data");
            MemberRunner runner = new MemberRunner(command.spec(), data, HEAP_SETTING);
            status = runner.train(run, member, command.untilEpoch(), reporter);
        } catch (OutOfMemoryError e) {
            status = MemberStatus.failed(member, 0, MemberRunner.outOfHeap(member, HEAP_SETTING));
        } catch (RuntimeException e) {
            status = MemberStatus.failed(member, 0, MemberRunner.describe(e));
        }
        return new WorkerEvent.MemberDone(job, member.member(), status);
    }

    private static WorkerEvent.FineTuneDone fineTuneMember(WorkerCommand.FineTuneMember command, Events events) {
        long job = command.job();
        int k = command.member();
        try (NDManager manager = NDManager.newBaseManager()) {
            // the coordinator checked the data's files before it sent the job
            DataSplit data = LabelBudget.apply(command.spec().data().loadCheckedByCoordinator(), command.settings());
            ClassifierListener toCoordinator = new ClassifierListener() {
                @Override
                public void onClassifierEpoch(ClassifierTask task, int epoch, int maxEpochs, double accuracy) {
                    events.send(new WorkerEvent.ClassifierEpoch(job, k, epoch, accuracy));
                }
            };
            FineTuning.Result result = FineTuning.member(command.spec().model(), data, Path.of(command.checkpoint()), command.settings(), k,
                    manager, toCoordinator, new ClassifierTask(Method.FINE_TUNE, k));
            NDList out = new NDList(result.weights());
            int classes = data.train().classes();
            out.add(StateDict.named(result.testProbabilities(), new Shape(result.testProbabilities().length / classes, classes),
                    WorkerCommand.FineTuneMember.TEST_PROBABILITIES, manager));
            out.add(StateDict.named(result.validationProbabilities(), new Shape(result.validationProbabilities().length / classes, classes),
                    WorkerCommand.FineTuneMember.VALIDATION_PROBABILITIES, manager));
            AtomicFiles.write(Path.of(command.output()), o -> out.encode(o, NDList.Encoding.SAFETENSORS));
            return new WorkerEvent.FineTuneDone(job, k, result.fit(), null);
        } catch (OutOfMemoryError e) {
            return new WorkerEvent.FineTuneDone(job, k, null, "fine-tuning member " + k + " ran out of Java heap; give workers more with "
                    + HEAP_SETTING);
        } catch (RuntimeException e) {
            return new WorkerEvent.FineTuneDone(job, k, null, MemberRunner.describe(e));
        }
    }

    /**
     * Loads the engine (the native library and its operators, a second or so) on a thread of its
     * own, while the main thread reads the first job and its data. A failure here shows again, with
     * its cause, when the job uses the engine.
     */
    private static void loadEngineMeanwhile() {
        Thread loader = new Thread(() -> {
            try {
                Engine.getInstance();
                logSinceSpawn("engine loaded");
            } catch (RuntimeException | LinkageError e) {
                System.err.println("worker: loading the engine failed: " + e);
            }
        }, "worker-engine-load");
        loader.setDaemon(true);
        loader.start();
    }

    /** Reads commands on a thread of their own, so that a closed standard input is noticed even mid-job. */
    private static BlockingQueue<WorkerCommand> readCommands() {
        BlockingQueue<WorkerCommand> commands = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(Protocol.command(line));
                }
                stop(EXIT_COORDINATOR_GONE, "standard input closed");
            } catch (Protocol.ProtocolException e) {
                stop(EXIT_BAD_COMMAND, "cannot read a command: " + e.getMessage());
            } catch (IOException e) {
                stop(EXIT_COORDINATOR_GONE, "cannot read standard input: " + e.getMessage());
            }
        }, "worker-commands");
        reader.setDaemon(true);
        reader.start();
        return commands;
    }

    /** Stops the worker when the process that started it is gone, even if its standard input stays open. */
    private static void watchParent() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            stop(EXIT_COORDINATOR_GONE, "no parent process");
        }
        long pid = parent.get().pid();
        Thread watcher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(PARENT_CHECK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                Optional<ProcessHandle> now = ProcessHandle.current().parent();
                if (now.isEmpty() || now.get().pid() != pid || !now.get().isAlive()) {
                    stop(EXIT_COORDINATOR_GONE, "the coordinating process " + pid + " is gone");
                }
            }
        }, "worker-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Writes to the worker's log how long after its spawn the worker reached a point of its
     * start-up (engine loaded, data read, first batch), so that a slow start says where it went.
     */
    private static void logSinceSpawn(String what) {
        String spawned = System.getProperty(SPAWNED_AT_PROPERTY);
        if (spawned != null) {
            System.err.printf(Locale.ROOT, "worker: %s, %.2f s after spawn%n", what, (System.currentTimeMillis() - Long.parseLong(spawned)) / 1e3);
        }
    }

    /** Ends the JVM now: no shutdown hooks, no further writes. */
    private static void stop(int code, String why) {
        System.err.println("worker: " + why + "; exiting");
        Runtime.getRuntime().halt(code);
    }

    /** The event stream on standard output; a failed write ends the worker. */
    static final class Events {
        private final OutputStream out;

        Events(OutputStream out) {
            this.out = out;
        }

        void send(WorkerEvent event) {
            sendLine(Protocol.line(event));
        }

        /** Writes a line as it is: for the fault-injection hook only. */
        synchronized void sendLine(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                stop(EXIT_EVENTS_BROKEN, "cannot write an event: " + e.getMessage());
            }
        }
    }
}

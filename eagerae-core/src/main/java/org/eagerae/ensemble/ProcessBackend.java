package org.eagerae.ensemble;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Trains members in worker JVMs, each training one member at a time with its own intra-op
 * threads. DJL's PyTorch engine allows one gradient collector per JVM, so parallel members need
 * separate processes. A worker that dies fails only the member it was training; a fresh worker
 * takes the remaining jobs.
 */
public final class ProcessBackend implements Backend {

    /** Heap of a worker JVM: enough for CIFAR-10's 50,000 training images as floats. */
    private static final String WORKER_HEAP = "-Xmx3g";

    @Override
    public List<MemberStatus> run(RunDirectory run, RunConfig config, List<MemberJob> jobs, EnsembleListener listener) {
        config.data().ensureFetched(); // once here, before the workers read the data
        EnsembleListener serial = Synchronized.of(listener);
        BlockingQueue<MemberJob> queue = new LinkedBlockingQueue<>(jobs);
        Map<Integer, MemberStatus> results = new ConcurrentHashMap<>();
        int workers = Math.min(config.workers(), jobs.size());
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            int slot = w;
            pool.submit(() -> serveQueue(run, config, slot, queue, results, serial));
        }
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                // keep waiting: members may train for many hours
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        List<MemberStatus> ordered = new ArrayList<>();
        for (MemberJob job : jobs) {
            ordered.add(results.getOrDefault(job.member(), MemberStatus.failed(job, 0, "not trained: the coordinator was interrupted")));
        }
        return ordered;
    }

    private void serveQueue(RunDirectory run, RunConfig config, int slot, BlockingQueue<MemberJob> queue,
            Map<Integer, MemberStatus> results, EnsembleListener listener) {
        Worker worker = null;
        try {
            MemberJob job;
            while ((job = queue.poll()) != null) {
                MemberStatus status;
                try {
                    if (worker == null || !worker.isAlive()) {
                        worker = Worker.start(run, config, slot);
                    }
                    status = worker.train(job, listener);
                } catch (IOException | RuntimeException e) {
                    status = MemberStatus.failed(job, 0, "worker " + slot + ": " + MemberRunner.describe(e));
                }
                results.put(job.member(), status);
                listener.onMemberDone(status);
            }
        } finally {
            if (worker != null) {
                worker.close();
            }
        }
    }

    /** One worker JVM and its pipes. */
    private static final class Worker implements AutoCloseable {
        private final Process process;
        private final Writer commands;
        private final BufferedReader events;
        private final Path log;

        private Worker(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.events = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Worker start(RunDirectory run, RunConfig config, int slot) throws IOException {
            Path logs = Files.createDirectories(run.root().resolve("logs"));
            Path log = logs.resolve("worker-" + slot + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    WORKER_HEAP, "-XX:+UseSerialGC",
                    "-Dai.djl.offline=true",
                    "-Dai.djl.pytorch.num_threads=" + config.threads(),
                    "-Dai.djl.pytorch.num_interop_threads=1",
                    "-cp", System.getProperty("java.class.path"),
                    WorkerMain.class.getName(),
                    run.root().toAbsolutePath().toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            NativeMemory.applyTo(builder.environment());
            return new Worker(builder.start(), log);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        MemberStatus train(MemberJob job, EnsembleListener listener) throws IOException {
            commands.write("train " + job.member() + "\n");
            commands.flush();
            int lastEpoch = 0;
            String line;
            while ((line = events.readLine()) != null) {
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
                    + lastEpoch + "; see " + log);
        }

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

    /** Serialises calls into a listener that may not be thread-safe. */
    private static final class Synchronized implements EnsembleListener {
        private final EnsembleListener delegate;

        private Synchronized(EnsembleListener delegate) {
            this.delegate = delegate;
        }

        static EnsembleListener of(EnsembleListener listener) {
            return new Synchronized(listener);
        }

        @Override
        public synchronized void onStart(int member, int firstEpoch, int maxEpochs, int batches) {
            delegate.onStart(member, firstEpoch, maxEpochs, batches);
        }

        @Override
        public synchronized void onBatch(int member, int epoch, int batch, int batches, double loss) {
            delegate.onBatch(member, epoch, batch, batches, loss);
        }

        @Override
        public synchronized void onEpoch(org.eagerae.train.EpochRecord record) {
            delegate.onEpoch(record);
        }

        @Override
        public synchronized void onMemberDone(MemberStatus status) {
            delegate.onMemberDone(status);
        }
    }
}

package org.eagerae.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.eagerae.classify.MemberClassifiers;
import org.eagerae.data.DataSplit;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.BackendProvider;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.MemberStatus.Attempt;
import org.eagerae.run.MemberStatus.AttemptOutcome;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;

/**
 * Trains members as tasks on Spark executors, one member per executor JVM at a time. Each member
 * is a Spark job of its own (one task), so a member that cannot be trained ends only its own job;
 * a task retried after a lost executor resumes the member from its last complete checkpoint;
 * speculation is off. The images are broadcast from the driver; the members' files lie in the run
 * folder, at a path every executor sees, or on a Hadoop file system ({@code --spark-storage}); the
 * driver reports each member's epochs as their rows appear there.
 * Each member's status records its attempts (executor, host, outcome).
 *
 * <p>The backend starts its {@code SparkContext} at its first run and stops it when closed; Spark
 * allows one per JVM.
 */
public final class SparkBackend implements Backend {

    /** The name of this backend ({@code --backend spark}). */
    public static final BackendName NAME = BackendName.of("spark");
    /** Settings whose values are not recorded (Spark's default {@code spark.redaction.regex}). */
    private static final java.util.regex.Pattern SECRET = java.util.regex.Pattern.compile("(?i)secret|password|token|access[.]?key");
    /** How often the driver reads the members' progress. */
    private static final long POLL_MILLIS = 500;

    private final SparkSettings settings;
    private final int workers;
    private JavaSparkContext context;
    private int contextThreads;
    /** Hears failed executor launches from the context's start until its first executor is up; null after. */
    private ExecutorLaunches launches;

    /**
     * @param settings the Spark settings of this invocation
     * @param workers  executors to expect where the settings do not say (recorded with the run)
     */
    public SparkBackend(SparkSettings settings, int workers) {
        settings.requireStartable();
        this.settings = settings;
        this.workers = workers;
    }

    /** The settings as {@code run.json} records them: passwords, secrets, tokens and access keys redacted, as Spark's UI does. */
    @Override
    public Execution execution() {
        Map<String, String> recorded = new LinkedHashMap<>();
        settings.conf().forEach((k, v) -> recorded.put(k, SECRET.matcher(k).find() ? "*********(redacted)" : v));
        return new Execution(NAME, settings.expectedExecutors(workers), recorded);
    }

    @Override
    public OptionalInt threadsPerMember() {
        return settings.threadsPerMember();
    }

    /**
     * An executor's cores where the settings say ({@code spark.task.cpus}, {@code spark.executor.cores} or the
     * master), not the driver's; empty where executors get the run's thread count as their cores.
     */
    @Override
    public OptionalInt processorsPerMember() {
        return settings.threadsPerMember();
    }

    /**
     * Refuses what cannot run, in seconds and before anything is written ({@link ClusterStart}):
     * the settings, then the cluster: this starts the context, loads the run's data while the
     * executors start, and waits for the first executor (except under dynamic allocation, where
     * executors come with the members' tasks).
     */
    @Override
    public void check(RunSpec spec) {
        settings.requireThreads(spec.threads());
        started(spec.threads(), () -> spec.data().load()); // the data loaded while the executors start
    }

    /**
     * The context for tasks of {@code threads} threads, started on first use: {@code meanwhile} runs while the executors
     * start, and then the first executor is awaited (except under dynamic allocation).
     */
    synchronized JavaSparkContext started(int threads, Runnable meanwhile) {
        JavaSparkContext sc = context(threads);
        if (launches != null) {
            try (ExecutorLaunches listening = launches) {
                launches = null;
                meanwhile.run();
                if (!settings.isLocal() && !ClusterStart.startsExecutorsOnDemand(sc)) {
                    ClusterStart.awaitExecutor(sc, listening, settings.master());
                }
            }
        }
        return sc;
    }

    /** Each member's activations, principal components and heads of {@code classify} on the executors ({@link ExecutorClassifiers}). */
    @Override
    public Optional<MemberClassifiers> memberClassifiers() {
        return Optional.of(new ExecutorClassifiers(this, settings));
    }

    @Override
    public List<MemberStatus> run(RunDirectory run, RunSpec spec, List<MemberJob> jobs, EnsembleListener listener) {
        check(spec);
        JavaSparkContext sc = context(spec.threads());
        AttemptLog attempts = new AttemptLog(UUID.randomUUID().toString());
        sc.sc().addSparkListener(attempts);
        DataSplit split = spec.data().load();
        Broadcast<TrainingData> data = sc.broadcast(TrainingData.of(split));
        MemberStorage storage = settings.storage().<MemberStorage>map(HadoopStorage::new)
                .orElseGet(() -> new SharedRunFolder(run.root().toAbsolutePath().toString()));
        try {
            MemberTask task = new MemberTask(storage, spec, data);
            EpochFeed feed = new EpochFeed(run, spec, storage);
            int batches = (split.train().size() + spec.training().batchSize() - 1) / spec.training().batchSize();
            for (MemberJob job : jobs) { // every member's files are in place before any job starts
                storage.push(run, job.member());
                feed.start(job.member());
            }
            Map<MemberJob, JavaFutureAction<List<String>>> running = new LinkedHashMap<>();
            for (MemberJob job : jobs) {
                sc.setLocalProperty(AttemptLog.PROPERTY, attempts.key(job.member()));
                sc.setJobDescription("eagerae member " + job.member());
                running.put(job, sc.parallelize(List.of(job.member()), 1).map(task).collectAsync());
                listener.onStart(job.member(), feed.delivered(job.member()) + 1, spec.training().maxEpochs(), batches);
            }
            sc.setLocalProperty(AttemptLog.PROPERTY, null);
            sc.setJobDescription(null);
            return follow(running, storage, run, feed, attempts, listener);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the members' files on " + storage.describe(), e);
        } finally {
            sc.sc().removeSparkListener(attempts);
            data.destroy();
        }
    }

    /** Passes the members' epochs on as they come and each member's status when its job ends. */
    private List<MemberStatus> follow(Map<MemberJob, JavaFutureAction<List<String>>> running, MemberStorage storage, RunDirectory run,
            EpochFeed feed, AttemptLog attempts, EnsembleListener listener) {
        Map<Integer, MemberStatus> done = new LinkedHashMap<>();
        long noExecutorBy = System.nanoTime() + ClusterStart.executorWaitMillis(context) * 1_000_000L;
        try {
            while (done.size() < running.size()) {
                Thread.sleep(POLL_MILLIS);
                if (!attempts.anyStarted() && System.nanoTime() > noExecutorBy) { // dynamic allocation found no room
                    running.values().forEach(f -> f.cancel(true));
                    String why = ClusterStart.noExecutor(context, settings.master());
                    throw new UncheckedIOException(why, new IOException(why));
                }
                for (Map.Entry<MemberJob, JavaFutureAction<List<String>>> e : running.entrySet()) {
                    MemberJob job = e.getKey();
                    if (done.containsKey(job.member())) {
                        continue;
                    }
                    MemberStatus status = null;
                    try {
                        feed.deliver(job.member(), listener);
                        if (e.getValue().isDone()) {
                            status = outcome(job, e.getValue(), feed, attempts, listener);
                            storage.pull(run, job.member());
                        }
                    } catch (IOException | RuntimeException failure) {
                        e.getValue().cancel(true);
                        status = MemberStatus.failed(job, feed.delivered(job.member()), "while following the member on the driver: "
                                + failure.getClass().getSimpleName() + ": " + failure.getMessage());
                    }
                    if (status != null) {
                        done.put(job.member(), status);
                        listener.onMemberDone(status);
                    }
                }
                attempts.drainRetries((member, where) -> listener.onRetry(member, feed.delivered(member) + 1, where));
            }
        } catch (InterruptedException e) {
            running.values().forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
        }
        List<MemberStatus> statuses = new ArrayList<>();
        for (MemberJob job : running.keySet()) {
            statuses.add(done.getOrDefault(job.member(), MemberStatus.failed(job, feed.delivered(job.member()),
                    "not trained: the driver was interrupted")));
        }
        return statuses;
    }

    private static MemberStatus outcome(MemberJob job, JavaFutureAction<List<String>> future, EpochFeed feed, AttemptLog attempts,
            EnsembleListener listener) throws IOException {
        try {
            MemberTask.Result result = RunDirectory.JSON.readValue(future.get().get(0), MemberTask.Result.class);
            feed.deliver(job.member(), listener);
            result.warnings().forEach(listener::onWarning);
            Attempt completed = new Attempt(result.attempt(), result.executor(), result.host(), AttemptOutcome.COMPLETED, null);
            return result.status().withAttempts(attempts.of(job.member(), Optional.of(completed)));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String why = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
            return MemberStatus.failed(job, feed.delivered(job.member()), "Spark gave up on the member: " + why)
                    .withAttempts(attempts.of(job.member(), Optional.empty()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return MemberStatus.failed(job, feed.delivered(job.member()), "the executor's answer could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MemberStatus.failed(job, feed.delivered(job.member()), "not finished: the driver was interrupted");
        }
    }

    /** The Spark context for members with this many threads, started on first use (Spark allows one per JVM). */
    private synchronized JavaSparkContext context(int threads) {
        if (context != null && contextThreads != threads) {
            context.stop();
            context = null;
        }
        if (context == null) {
            launches = ExecutorLaunches.listen();
            try {
                context = ClusterStart.start(settings, threads, launches);
            } catch (RuntimeException e) {
                launches.close();
                launches = null;
                throw e;
            }
            contextThreads = threads;
        }
        return context;
    }

    /** Stops the Spark context, if this backend started one. */
    @Override
    public synchronized void close() {
        if (launches != null) {
            launches.close();
            launches = null;
        }
        if (context != null) {
            context.stop();
            context = null;
        }
    }

    /** Registers this backend as {@code spark}; its settings are the execution's properties. */
    public static final class Provider implements BackendProvider {
        @Override
        public BackendName name() {
            return NAME;
        }

        @Override
        public Backend open(Execution execution) {
            return new SparkBackend(new SparkSettings(execution.properties()), execution.workers());
        }
    }
}

package org.eagerae.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.eagerae.InvalidInputException;

/**
 * Starts a command's {@code SparkContext} and refuses, in seconds and before a run folder is
 * written, what cannot work: a standalone master that does not answer, a storage that no file
 * system here serves or that does not answer (exit 2 in the command line), executors that no
 * worker of a standalone cluster can start (exit 2, with what the workers have and what was
 * asked), and executors that the cluster fails to launch (exit 1, with the first launch's error as
 * the worker gave it). Executors start in the background while the driver goes on, for example
 * loading the data; {@link #awaitExecutor} then waits for the first of them.
 */
final class ClusterStart {

    /**
     * eagerae's setting for how long a command waits for its first executor (Spark's time format,
     * e.g. {@code 30s}, {@code 5min}) before it gives up with what it asked for; under dynamic
     * allocation, how long members may wait for any executor at all.
     */
    static final String EXECUTOR_WAIT = "spark.eagerae.executorWait";
    /** The wait when none is set: long enough for a YARN or Kubernetes cluster to start a container. */
    static final String DEFAULT_EXECUTOR_WAIT = "120s";
    /** How often the driver looks for its first executor. */
    private static final long POLL_MILLIS = 100;

    private ClusterStart() {}

    /**
     * Checks what can be checked without a context, starts the context for members with
     * {@code threads} threads, and refuses executors no worker can start.
     *
     * @param launches hears why executors could not be launched, from before the context starts
     * @throws InvalidInputException what is wrong, before anything is written
     */
    static JavaSparkContext start(SparkSettings settings, int threads, ExecutorLaunches launches) {
        StandaloneMaster master = StandaloneMaster.of(settings.master()).orElse(null);
        if (master != null) {
            master.requireAnswers();
        }
        settings.storage().ifPresent(uri -> new HadoopStorage(uri).requireReachable());
        SparkConf conf = settings.sparkConf(threads);
        JavaSparkContext context = new JavaSparkContext(conf);
        try {
            if (master != null) {
                master.requireWorkerFor(context.env().rpcEnv(), conf.getInt("spark.executor.cores", threads), context.sc().executorMemory());
            }
        } catch (RuntimeException e) {
            context.stop();
            throw e;
        }
        return context;
    }

    /** Whether members wait for executors that Spark starts only when tasks are waiting (dynamic allocation). */
    static boolean startsExecutorsOnDemand(JavaSparkContext context) {
        return context.getConf().getBoolean("spark.dynamicAllocation.enabled", false);
    }

    /** How long to wait for an executor ({@value #EXECUTOR_WAIT}), in milliseconds. */
    static long executorWaitMillis(JavaSparkContext context) {
        return context.getConf().getTimeAsMs(EXECUTOR_WAIT, DEFAULT_EXECUTOR_WAIT);
    }

    /**
     * Waits until the first executor has registered with the driver. Fails when the cluster gave
     * the application up (its master removes an application whose executors keep failing to
     * launch, {@code spark.deploy.maxExecutorRetries}), naming the first launch's error, or when
     * no executor came within the wait.
     */
    static void awaitExecutor(JavaSparkContext context, ExecutorLaunches launches, String master) {
        long deadline = System.nanoTime() + executorWaitMillis(context) * 1_000_000L;
        while (context.statusTracker().getExecutorInfos().length < 2) { // the driver is one of them
            if (context.sc().isStopped()) {
                throw failure("the executors of " + master + " could not be launched; the first failed with: "
                        + launches.firstFailure().orElse("(no cause given; see the workers' logs)"));
            }
            if (System.nanoTime() > deadline) {
                context.stop();
                throw failure(noExecutor(context, master));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for the executors of " + master);
            }
        }
    }

    /** What to say when no executor came within the wait. */
    static String noExecutor(JavaSparkContext context, String master) {
        SparkConf conf = context.getConf();
        long wait = executorWaitMillis(context);
        return "no executor of " + master + " started within " + (wait % 1000 == 0 ? wait / 1000 + " s" : wait + " ms") + " (" + EXECUTOR_WAIT
                + "); asked for executors of " + conf.get("spark.executor.cores", conf.get("spark.task.cpus", "1")) + " core(s) and "
                + context.sc().executorMemory() + " MiB (spark.executor.memory)"
                + (startsExecutorsOnDemand(context) ? " under dynamic allocation" : "")
                + "; the cluster has no room for them, or none free now";
    }

    /** A failure of the cluster rather than of the settings (exit 1 in the command line), said in one line. */
    private static UncheckedIOException failure(String message) {
        return new UncheckedIOException(message, new IOException(message));
    }
}

package org.eagerae.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.MemberClassifierJob;
import org.eagerae.classify.MemberClassifiers;
import org.eagerae.classify.MemberHeads;
import org.eagerae.classify.SplitProbabilities;
import org.eagerae.data.DataSplit;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.TrainingFailedException;

/**
 * {@code classify --backend spark}: each member's activations, principal components and heads as a Spark job of one
 * task ({@link MemberClassifierTask}), one member per executor JVM at a time, on images broadcast from the driver and
 * the member's checkpoint sent with the task (so no executor needs the run folder). The driver receives each member's
 * result as its job ends and hands it on before it takes the next, so it holds one member's result at a time; the stacked
 * head's probabilities come from one more job ({@link StackedProbabilitiesTask}).
 */
final class ExecutorClassifiers implements MemberClassifiers {

    /** How often the driver looks for finished members. */
    private static final long POLL_MILLIS = 100;

    private final SparkBackend backend;
    private final SparkSettings settings;
    private Broadcast<ClassifierImages> broadcast;
    private DataSplit broadcastOf;

    ExecutorClassifiers(SparkBackend backend, SparkSettings settings) {
        this.backend = backend;
        this.settings = settings;
    }

    @Override
    public void run(CaeSpec spec, DataSplit data, ClassifierOptions options, List<MemberClassifierJob> jobs, Consumer<MemberHeads> results) {
        JavaSparkContext sc = backend.started(settings.threadsPerMember().orElse(1), () -> { });
        Broadcast<ClassifierImages> images = images(sc, data);
        Map<Integer, JavaFutureAction<List<MemberHeads>>> running = new LinkedHashMap<>();
        try {
            MemberClassifierTask task = new MemberClassifierTask(spec, options, images);
            for (MemberClassifierJob job : jobs) {
                sc.setJobDescription("eagerae classifiers of member " + job.member());
                running.put(job.member(), sc.parallelize(List.of(job), 1).map(task).collectAsync());
            }
            sc.setJobDescription(null);
            while (!running.isEmpty()) {
                Thread.sleep(POLL_MILLIS);
                for (Integer member : List.copyOf(running.keySet())) {
                    JavaFutureAction<List<MemberHeads>> future = running.get(member);
                    if (future.isDone()) {
                        running.remove(member);
                        results.accept(result(member, future));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingFailedException("interrupted while the executors computed the members' classifiers");
        } finally {
            running.values().forEach(f -> f.cancel(true));
        }
    }

    /** On one executor, which computes every member's activations of the validation and test splits anew from the checkpoints. */
    @Override
    public SplitProbabilities stackedProbabilities(CaeSpec spec, DataSplit data, ClassifierOptions options, List<MemberClassifierJob> jobs,
            byte[] weights) {
        JavaSparkContext sc = backend.started(settings.threadsPerMember().orElse(1), () -> { });
        StackedProbabilitiesTask task = new StackedProbabilitiesTask(spec, options, images(sc, data), jobs);
        sc.setJobDescription("eagerae stacked head's probabilities");
        JavaFutureAction<List<SplitProbabilities>> future = sc.parallelize(List.of(weights), 1).map(task).collectAsync();
        sc.setJobDescription(null);
        try {
            return future.get().get(0);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new TrainingFailedException("the stacked head's probabilities failed on the cluster: "
                    + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new TrainingFailedException("interrupted while an executor computed the stacked head's probabilities");
        }
    }

    /**
     * The images broadcast to the executors: broadcast once for the same split (a command classifies one), kept until
     * the backend's context stops.
     */
    private synchronized Broadcast<ClassifierImages> images(JavaSparkContext sc, DataSplit data) {
        if (broadcast == null || broadcastOf != data) {
            if (broadcast != null) {
                broadcast.destroy();
            }
            broadcast = sc.broadcast(ClassifierImages.of(data));
            broadcastOf = data;
        }
        return broadcast;
    }

    private static MemberHeads result(int member, JavaFutureAction<List<MemberHeads>> future) throws InterruptedException {
        try {
            return future.get().get(0);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new TrainingFailedException("the classifiers of member " + member + " failed on the cluster: "
                    + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""));
        }
    }
}

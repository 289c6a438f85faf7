package org.eagerae.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.eagerae.run.MemberJob;
import org.eagerae.ensemble.MemberRunner;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;
import org.eagerae.train.EpochListener;
import org.eagerae.train.EpochRecord;

/**
 * What an executor does for one member: claims its JVM ({@link OneMemberPerJvm}), checks that
 * the engine has the run's thread count, and trains (or resumes) the member from its folder with
 * the same {@link MemberRunner} as every other backend, on the broadcast images. A retry of the
 * task (after a lost executor) resumes from the member's last complete checkpoint. A member whose
 * training fails gives a failed status, which is not retried (the same seed fails the same way);
 * only a lost executor, or a JVM that already trains a member, makes Spark try again.
 */
final class MemberTask implements Function<Integer, String>, Serializable {

    private static final long serialVersionUID = 1L;
    /** How users give executors more heap, named when a member runs out of it. */
    static final String HEAP_SETTING = "the Spark setting spark.executor.memory=4g";

    /**
     * What the task sends back to the driver (as JSON).
     *
     * @param status   the member's outcome
     * @param executor the executor that trained it
     * @param host     that executor's machine
     * @param attempt  Spark's attempt number of this task
     * @param warnings repairs of the member's folder made before it resumed, one line each
     */
    record Result(MemberStatus status, String executor, String host, int attempt, List<String> warnings) {}

    private final MemberStorage storage;
    private final String specJson;
    private final Broadcast<TrainingData> data;

    /**
     * @param storage where the members' files are (the run folder itself, or a Hadoop file system)
     * @param spec    the run's settings
     * @param data    the broadcast images
     */
    MemberTask(MemberStorage storage, RunSpec spec, Broadcast<TrainingData> data) {
        this.storage = storage;
        this.specJson = json(spec);
        this.data = data;
    }

    @Override
    public String call(Integer member) throws Exception {
        RunSpec spec = RunDirectory.JSON.readValue(specJson, RunSpec.class);
        MemberJob job = spec.jobs().get(member);
        String executor = SparkEnv.get().executorId();
        int attempt = TaskContext.get().attemptNumber();
        List<String> warnings = new ArrayList<>();
        MemberStatus status;
        try (OneMemberPerJvm guard = OneMemberPerJvm.claim(member, "executor " + executor);
                MemberStorage.Checkout checkout = storage.checkout(member)) {
            Engine.getInstance();
            int threads = JniUtils.getNumThreads();
            if (threads != spec.threads()) {
                status = MemberStatus.failed(job, 0, "executor " + executor + "'s engine runs " + threads + " intra-op threads but the run needs "
                        + spec.threads() + "; leave -Dai.djl.pytorch.num_threads out of spark.executor.extraJavaOptions");
            } else {
                status = new MemberRunner(spec, data.value().toSplit(), HEAP_SETTING)
                        .train(checkout.run(), job, listener(checkout.publisher(), attempt, warnings));
            }
        }
        return RunDirectory.JSON.writeValueAsString(new Result(status, executor, SparkEnv.get().blockManager().blockManagerId().host(), attempt, warnings));
    }

    /** Publishes the member's epochs to the storage, keeps its warnings for the driver, and fires the armed test faults. */
    private static EpochListener listener(EpochListener publisher, int attempt, List<String> warnings) {
        ExecutorFault fault = ExecutorFault.fromSystemProperties();
        return new EpochListener() {
            @Override
            public void onStart(int member, int firstEpoch, int maxEpochs, int batches) {
                publisher.onStart(member, firstEpoch, maxEpochs, batches);
            }

            @Override
            public void onBatch(int member, int epoch, int batch, int batches, double loss) {
                fault.afterBatch(member, epoch, batch, attempt);
            }

            @Override
            public void onEpoch(EpochRecord record) {
                publisher.onEpoch(record);
                fault.afterEpoch(record.member(), record.epoch());
            }

            @Override
            public void onWarning(String message) {
                warnings.add(message);
            }

            @Override
            public void onRestart(int member, long seed, String reason) {
                publisher.onRestart(member, seed, reason);
            }
        };
    }

    private static String json(RunSpec spec) {
        try {
            return RunDirectory.JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the run's settings", e);
        }
    }
}

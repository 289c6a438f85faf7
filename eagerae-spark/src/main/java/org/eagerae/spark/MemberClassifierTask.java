package org.eagerae.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.MemberClassifierJob;
import org.eagerae.classify.MemberClassifiers;
import org.eagerae.classify.MemberHeads;
import org.eagerae.model.CaeSpec;
import org.eagerae.run.RunDirectory;

/**
 * What an executor does for one member in {@code classify}: claims its JVM ({@link OneMemberPerJvm}) and computes the
 * member's activations, principal components and heads with {@link MemberClassifiers#compute}, the code the driver
 * runs without a cluster, on the broadcast images; its heads train side by side on the executor's intra-op threads.
 */
final class MemberClassifierTask implements Function<MemberClassifierJob, MemberHeads>, Serializable {

    private static final long serialVersionUID = 1L;

    private final String specJson;
    private final String optionsJson;
    private final Broadcast<ClassifierImages> images;

    MemberClassifierTask(CaeSpec spec, ClassifierOptions options, Broadcast<ClassifierImages> images) {
        this.specJson = json(spec);
        this.optionsJson = json(options);
        this.images = images;
    }

    @Override
    public MemberHeads call(MemberClassifierJob job) throws Exception {
        CaeSpec spec = RunDirectory.JSON.readValue(specJson, CaeSpec.class);
        ClassifierOptions options = RunDirectory.JSON.readValue(optionsJson, ClassifierOptions.class);
        try (OneMemberPerJvm guard = OneMemberPerJvm.claim(job.member(), "executor " + SparkEnv.get().executorId())) {
            Engine.getInstance(); // loads the native library, whose thread count is the executor's
            return MemberClassifiers.compute(spec, images.value().toSplit(), options, job, JniUtils.getNumThreads());
        }
    }

    private static String json(Object value) {
        try {
            return RunDirectory.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the classifiers' settings", e);
        }
    }
}

package org.eagerae.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.MemberClassifierJob;
import org.eagerae.classify.MemberClassifiers;
import org.eagerae.classify.SplitProbabilities;
import org.eagerae.model.CaeSpec;
import org.eagerae.run.RunDirectory;

/**
 * What an executor does for the stacked head of {@code classify}: given the head's weights, trained on the driver,
 * computes every member's activations of the validation and test splits from the members' checkpoints and the head's
 * probabilities of them with {@link MemberClassifiers#computeStacked}, so that no member's activations go to the driver.
 */
final class StackedProbabilitiesTask implements Function<byte[], SplitProbabilities>, Serializable {

    private static final long serialVersionUID = 1L;

    private final String specJson;
    private final String optionsJson;
    private final Broadcast<ClassifierImages> images;
    private final List<MemberClassifierJob> jobs;

    StackedProbabilitiesTask(CaeSpec spec, ClassifierOptions options, Broadcast<ClassifierImages> images, List<MemberClassifierJob> jobs) {
        this.specJson = json(spec);
        this.optionsJson = json(options);
        this.images = images;
        this.jobs = List.copyOf(jobs);
    }

    @Override
    public SplitProbabilities call(byte[] weights) throws Exception {
        CaeSpec spec = RunDirectory.JSON.readValue(specJson, CaeSpec.class);
        ClassifierOptions options = RunDirectory.JSON.readValue(optionsJson, ClassifierOptions.class);
        return MemberClassifiers.computeStacked(spec, images.value().toSplit(), options, jobs, weights);
    }

    static String json(Object value) {
        try {
            return RunDirectory.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the classifiers' settings", e);
        }
    }
}

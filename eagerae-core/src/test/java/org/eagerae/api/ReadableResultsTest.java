package org.eagerae.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.Diversity;
import org.eagerae.classify.Method;
import org.eagerae.classify.Metrics;
import org.eagerae.run.CheckpointSelection;
import org.junit.jupiter.api.Test;

/** What the Java API returns prints its numbers, arrays included, and equals what has the same numbers. */
class ReadableResultsTest {

    @Test
    void aClassificationResultPrintsItsArraysValues() {
        ClassificationResult result = result();
        assertThat(result.toString()).isEqualTo("ClassificationResult[method=soft-vote, selection=epoch 2, memberEpochs=[2, 2],"
                + " accuracy=0.75, balancedAccuracy=0.7, validationAccuracy=0.8, memberAccuracies=[], perClassAccuracy=[0.5, 1.0], confusion=[[1, 1], [0, 2]], featureSeconds=0.5,"
                + " classifierSeconds=1.25, diversity=Diversity[pairwiseDisagreement=0.25, voteOnly=0, gainedOverBest=1, lostToBest=0,"
                + " images=4], models=[soft-vote-epoch-002], classifier=null, validationCurve=null, labelsSha256=ab12,"
                + " unsupervisedImages=300]");
        assertThat(result).isEqualTo(result()).hasSameHashCodeAs(result());
        assertThat(new Metrics(0.75, 0.75, new double[] {0.5, 1.0}, new int[][] {{1, 1}, {0, 2}}).toString())
                .isEqualTo("Metrics[accuracy=0.75, balancedAccuracy=0.75, perClassAccuracy=[0.5, 1.0], confusion=[[1, 1], [0, 2]]]");
    }

    /** classify.json written before balanced accuracy, the labelled images' digest and the unsupervised images' count were recorded still reads, without them. */
    @Test
    void aResultWrittenBeforeBalancedAccuracyReadsWithoutIt() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode json = org.eagerae.run.RunDirectory.JSON.valueToTree(result());
        assertThat(json.remove("balancedAccuracy").asDouble()).isEqualTo(0.7);
        assertThat(json.remove("labelsSha256").asText()).isEqualTo("ab12");
        assertThat(json.remove("unsupervisedImages").asInt()).isEqualTo(300);
        ClassificationResult old = org.eagerae.run.RunDirectory.JSON.treeToValue(json, ClassificationResult.class);
        assertThat(old.balancedAccuracy()).isNull();
        assertThat(old.labelsSha256()).isNull();
        assertThat(old.unsupervisedImages()).isNull();
        assertThat(old.accuracy()).isEqualTo(0.75);
        assertThat(org.eagerae.run.RunDirectory.JSON.readValue(org.eagerae.run.RunDirectory.JSON.writeValueAsBytes(result()),
                ClassificationResult.class)).isEqualTo(result());
    }

    @Test
    void aPredictionPrintsItsProbabilities() {
        ImageClassifier.Prediction p = new ImageClassifier.Prediction(1, "cat", new float[] {0.25f, 0.75f});
        assertThat(p.toString()).isEqualTo("Prediction[classIndex=1, className=cat, probabilities=[0.25, 0.75]]");
        assertThat(p).isEqualTo(new ImageClassifier.Prediction(1, "cat", new float[] {0.25f, 0.75f}))
                .isNotEqualTo(new ImageClassifier.Prediction(1, "cat", new float[] {0.5f, 0.5f}));
    }

    private static ClassificationResult result() {
        return new ClassificationResult(Method.SOFT_VOTE, new CheckpointSelection.Epoch(2), List.of(2, 2), 0.75, 0.7, 0.8, List.of(),
                new double[] {0.5, 1.0}, new int[][] {{1, 1}, {0, 2}}, 0.5, 1.25, new Diversity(0.25, 0, 1, 0, 4),
                List.of("soft-vote-epoch-002"), null, null, "ab12", 300);
    }
}

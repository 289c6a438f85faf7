package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eagerae.InvalidInputException;
import org.eagerae.data.DataSource;
import org.eagerae.data.DataSplit;
import org.eagerae.model.CaeSpec;
import org.eagerae.ensemble.ClassifierBackend;
import org.eagerae.run.BackendName;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The members' parts of the classifier phase run away from the classification ({@link MemberClassifiers}), their
 * results sent as bytes as a cluster sends them: every method's accuracies, probabilities' votes and saved weights are
 * those of the classification in one process, bit for bit.
 */
class MemberClassifiersTest {

    @TempDir
    Path tmp;

    /** The weights of every classifier saved, in the order saved, encoded; names c1, c2, ... */
    private static final class Weights implements ModelSink {
        final List<String> kept = new ArrayList<>();
        final List<byte[]> weights = new ArrayList<>();
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public synchronized String save(TrainedClassifier classifier) {
            String name = classifier.method().label() + " m" + classifier.member() + " h" + classifier.head() + " c" + next.incrementAndGet();
            kept.add(name + " test " + classifier.testAccuracy() + " val " + classifier.validationAccuracy() + " parts " + classifier.parts());
            weights.add(classifier.weights().encode());
            return name;
        }
    }

    /** Runs each part here, what it is given and gives back sent through Java serialisation (as a Spark task's are). */
    private static MemberClassifiers throughBytes(int threads) {
        return new MemberClassifiers() {
            @Override
            public void run(CaeSpec spec, DataSplit data, ClassifierOptions options, List<MemberClassifierJob> jobs,
                    java.util.function.Consumer<MemberHeads> results) {
                jobs.forEach(job -> results.accept(roundTrip(MemberClassifiers.compute(spec, data, options, roundTrip(job), threads))));
            }

            @Override
            public SplitProbabilities stackedProbabilities(CaeSpec spec, DataSplit data, ClassifierOptions options,
                    List<MemberClassifierJob> jobs, byte[] weights) {
                return roundTrip(MemberClassifiers.computeStacked(spec, data, options, roundTrip(new ArrayList<>(jobs)), roundTrip(weights)));
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    @Test
    void everyMethodGivesTheNumbersAndSavedWeightsOfOneProcess() throws Exception {
        DataSource source = TinyRuns.barsInIdx(tmp.resolve("data"), 300, 100, 100);
        RunDirectory run = TinyRuns.trainInline(tmp.resolve("run"), source, 3, 1);
        List<CheckpointChoice> choices = new CheckpointSelection.Last().choose(run);
        DataSplit data = source.load();
        ClassifierOptions options = ClassifierOptions.defaults(3).withHidden(16).withPcaVariance(0.95).withBatchSize(50).withMaxEpochs(4)
                .withVotingHeads(2);
        Set<Method> methods = EnumSet.copyOf(Method.FROZEN);
        methods.addAll(Method.CONTROLS);
        methods.addAll(Method.SEMI_SUPERVISED);

        Weights here = new Weights();
        List<ClassificationResult> inOneProcess = new Classification(CaeSpec.mnist(), data, options, ClassifierListener.NONE, 2)
                .evaluate(choices, methods, new CheckpointSelection.Last(), here);
        Weights assembled = new Weights();
        List<String> heard = new ArrayList<>();
        ClassifierListener listener = new ClassifierListener() {
            @Override
            public synchronized void onClassifierDone(ClassifierTask task, int epochs, double bestValAccuracy) {
                heard.add(task.toString());
            }
        };
        List<ClassificationResult> elsewhere = new Classification(CaeSpec.mnist(), data, options, listener, 2)
                .evaluate(choices, methods, new CheckpointSelection.Last(), assembled, throughBytes(1));

        assertThat(elsewhere).extracting(ClassificationResult::method).containsExactlyElementsOf(
                inOneProcess.stream().map(ClassificationResult::method).toList()).contains(Method.STACKED, Method.SOFT_VOTE, Method.HEAD_VOTE, Method.SPREAD_VOTE, Method.RAW_PIXELS_SPREAD);
        for (int i = 0; i < inOneProcess.size(); i++) {
            ClassificationResult a = elsewhere.get(i);
            ClassificationResult b = inOneProcess.get(i);
            String method = b.method().label();
            assertThat(a.accuracy()).as(method).isEqualTo(b.accuracy());
            assertThat(a.validationAccuracy()).as(method).isEqualTo(b.validationAccuracy());
            assertThat(a.memberAccuracies()).as(method).isEqualTo(b.memberAccuracies());
            assertThat(a.confusion()).as(method).isEqualTo(b.confusion());
            assertThat(a.models()).as(method).isEqualTo(b.models());
        }
        assertThat(inOneProcess).filteredOn(r -> r.method() == Method.STACKED).singleElement()
                .satisfies(r -> assertThat(r.accuracy()).isGreaterThan(0.3)); // chance is 0.1
        assertThat(assembled.kept).hasSize(here.kept.size()).containsExactlyElementsOf(here.kept);
        for (int i = 0; i < here.weights.size(); i++) {
            assertThat(assembled.weights.get(i)).as(here.kept.get(i)).isEqualTo(here.weights.get(i));
        }
        assertThat(heard).contains("single m00", "single m01", "single m02", "head-vote m00 h1", "stacked", "raw-pixels", "spread m02",
                "raw-pixels-spread");
    }

    @Test
    void aStackedHeadOnEveryActivationIsRefusedWhenTheMembersRunElsewhere() {
        ClassifierOptions everyFeature = ClassifierOptions.defaults(1).withPcaVariance(0);
        assertThatThrownBy(() -> Classification.requireRunsElsewhere(Set.of(Method.SINGLE, Method.STACKED), everyFeature))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("pcaVariance");
        Classification.requireRunsElsewhere(Set.of(Method.SINGLE, Method.SOFT_VOTE), everyFeature);
        Classification.requireRunsElsewhere(Set.of(Method.STACKED), everyFeature.withPcaVariance(0.9));
    }

    @Test
    void classifiersRunHereOrOnABackendThatOffersThemAndNowhereElse() {
        try (ClassifierBackend here = ClassifierBackend.open(java.util.Optional.empty(), java.util.Map.of())) {
            assertThat(here.elsewhere()).isEmpty();
        }
        assertThatThrownBy(() -> ClassifierBackend.open(java.util.Optional.of(BackendName.of("processes")), java.util.Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessage("backend processes trains autoencoders only; classifiers run on inline or spark");
        assertThatThrownBy(() -> ClassifierBackend.open(java.util.Optional.of(BackendName.of("bogus")), java.util.Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown backend 'bogus'");
        assertThatThrownBy(() -> ClassifierBackend.open(java.util.Optional.of(BackendName.of("inline")), java.util.Map.of("spark.master", "local[1]")))
                .isInstanceOf(InvalidInputException.class);
    }
}

package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.eagerae.data.DataSource;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import org.eagerae.model.CaeSpec;
import org.eagerae.testing.TinyRuns;
import org.eagerae.testing.TinyImages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyTest {

    @TempDir
    Path tmp;

    @Test
    void stackingPutsMemberColumnsSideBySideInOrder() {
        FeatureMatrix a = new FeatureMatrix(new float[] {1, 2, 3, 4}, 2, 2);
        FeatureMatrix b = new FeatureMatrix(new float[] {9, 8, 7, 6, 5, 4}, 2, 3);
        FeatureMatrix s = FeatureMatrix.stack(List.of(a, b));
        assertThat(s.rows()).isEqualTo(2);
        assertThat(s.cols()).isEqualTo(5);
        assertThat(s.row(0)).containsExactly(1, 2, 9, 8, 7);
        assertThat(s.row(1)).containsExactly(3, 4, 6, 5, 4);
    }

    @Test
    void softAndHardVotesDisagreeWhereTheyShould() {
        // 3 members, 2 images, 3 classes
        float[] m1 = {0.40f, 0.35f, 0.25f, 0.1f, 0.8f, 0.1f};
        float[] m2 = {0.40f, 0.35f, 0.25f, 0.1f, 0.1f, 0.8f};
        float[] m3 = {0.00f, 0.95f, 0.05f, 0.8f, 0.1f, 0.1f};
        List<float[]> p = List.of(m1, m2, m3);
        // image 0: two members vote 0, but the mean probability favours class 1
        assertThat(Votes.hard(p, 3)[0]).isEqualTo(0);
        assertThat(Votes.soft(p, 3)[0]).isEqualTo(1);
        // image 1: one vote each -> tie, lowest class wins; soft: class 0 mean 0.333, 1: 0.333, 2: 0.333 -> lowest
        assertThat(Votes.hard(p, 3)[1]).isEqualTo(0);
        assertThat(Votes.argmax(m2, 3)).containsExactly(0, 2);
    }

    @Test
    void metricsCountCorrectPredictionsPerClass() {
        int[] labels = {0, 0, 1, 1, 2, 2};
        int[] predicted = {0, 1, 1, 1, 2, 0};
        Metrics m = Metrics.of(predicted, labels, 4);
        assertThat(m.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(m.perClassAccuracy()[0]).isEqualTo(0.5);
        assertThat(m.perClassAccuracy()[1]).isEqualTo(1.0);
        assertThat(m.perClassAccuracy()[3]).isNaN();
        assertThat(m.confusion()[0][1]).isEqualTo(1);
        assertThat(m.confusion()[2][0]).isEqualTo(1);
        assertThat(m.confusion()[2][2]).isEqualTo(1);
    }

    /** Balanced accuracy weighs every class present alike: the mean of their accuracies, absent classes left out. */
    @Test
    void balancedAccuracyIsTheMeanOfThePresentClassesAccuracies() {
        int[] labels = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
        Metrics allZero = Metrics.of(new int[10], labels, 3);
        assertThat(allZero.accuracy()).isEqualTo(0.8);
        assertThat(allZero.balancedAccuracy()).isEqualTo(0.5); // class 0: 8/8, class 1: 0/2; class 2 has no image
        Metrics oneRare = Metrics.of(new int[] {0, 0, 0, 0, 0, 0, 0, 1, 1, 0}, labels, 3);
        assertThat(oneRare.accuracy()).isEqualTo(0.8);
        assertThat(oneRare.balancedAccuracy()).isEqualTo((7.0 / 8 + 1.0 / 2) / 2); // 0.6875: the same accuracy, a better balance
        assertThat(Metrics.of(new int[0], new int[0], 3).balancedAccuracy()).isNaN();
    }

    @Test
    void standardizerUsesTrainingStatisticsOnly() {
        FeatureMatrix train = new FeatureMatrix(new float[] {1, 5, 3, 5}, 2, 2); // column 1 is constant
        Standardizer s = Standardizer.fit(train);
        assertThat(s.apply(train).values()).containsExactly(-1f, 0f, 1f, 0f);
        assertThat(s.apply(new FeatureMatrix(new float[] {4, 7}, 1, 2)).values()).containsExactly(2f, 2f);
    }

    private DataSource tinyData(int train, int val) throws Exception {
        return TinyRuns.barsInIdx(tmp.resolve("data"), train, val, val);
    }

    private RunDirectory trainTwoMembers(DataSource source, int epochs) {
        return TinyRuns.trainInline(tmp.resolve("run"), source, 2, epochs);
    }

    @Test
    void encoderFeaturesHaveOneRowPerImageAndTinyRunClassifiesWellAboveChance() throws Exception {
        DataSource source = tinyData(400, 200);
        RunDirectory run = trainTwoMembers(source, 2);

        List<CheckpointChoice> choices = new CheckpointSelection.Epoch(2).choose(run);
        try (FeatureStore store = FeatureStore.temporary()) {
            EncoderFeatures f = EncoderFeatures.extract(CaeSpec.mnist(), choices.get(0).checkpoint(), source.load(), store);
            assertThat(f.train().rows()).isEqualTo(400);
            assertThat(f.train().cols()).isEqualTo(CaeSpec.mnist().latentSize());
            assertThat(f.test().rows()).isEqualTo(200);
        }

        ClassifierOptions options = ClassifierOptions.defaults(1).withHidden(32).withPcaVariance(0).withLearningRate(1e-3f)
                .withBatchSize(50).withMaxEpochs(10).withLearningRateDrops(0);
        Map<String, List<Integer>> epochsSeen = new ConcurrentHashMap<>();
        Map<String, Integer> done = new ConcurrentHashMap<>();
        ClassifierListener listener = new ClassifierListener() {
            @Override
            public void onClassifierEpoch(ClassifierTask task, int epoch, int maxEpochs, double valAccuracy) {
                epochsSeen.computeIfAbsent(task.toString(), t -> java.util.Collections.synchronizedList(new java.util.ArrayList<>())).add(epoch);
            }

            @Override
            public void onClassifierDone(ClassifierTask task, int epochs, double bestValAccuracy) {
                done.put(task.toString(), epochs);
            }
        };
        List<ClassificationResult> results = new Classification(CaeSpec.mnist(), source.load(), options, listener, 2)
                .evaluate(choices, Set.copyOf(Method.ON_ENCODERS), new CheckpointSelection.Epoch(2));
        assertThat(results).extracting(ClassificationResult::method).containsExactlyInAnyOrder(Method.SINGLE, Method.STACKED, Method.SOFT_VOTE, Method.HARD_VOTE);
        for (ClassificationResult r : results) {
            assertThat(r.accuracy()).as(r.method().label()).isGreaterThan(0.5); // chance is 0.1
            assertThat(r.memberEpochs()).containsExactly(2, 2);
        }
        assertThat(done.keySet()).containsExactlyInAnyOrder("stacked", "single m00", "single m01");
        done.forEach((task, epochs) -> assertThat(epochsSeen.get(task)).as(task).hasSize(epochs).isSorted().startsWith(1));

        List<ClassificationResult> oneAtATime = new Classification(CaeSpec.mnist(), source.load(), options, ClassifierListener.NONE, 1)
                .evaluate(choices, Set.copyOf(Method.ON_ENCODERS), new CheckpointSelection.Epoch(2));
        assertSameNumbers(oneAtATime, results, "activations and heads side by side, overlapping, give the numbers of one at a time");

        ClassifierOptions onComponents = options.withPcaVariance(0.95);
        List<ClassificationResult> onTwoThreads = new Classification(CaeSpec.mnist(), source.load(), onComponents, ClassifierListener.NONE, 2)
                .evaluate(choices, Set.copyOf(Method.ON_ENCODERS), new CheckpointSelection.Epoch(2));
        List<ClassificationResult> inTurn = new Classification(CaeSpec.mnist(), source.load(), onComponents, ClassifierListener.NONE, 1)
                .evaluate(choices, Set.copyOf(Method.ON_ENCODERS), new CheckpointSelection.Epoch(2));
        assertSameNumbers(onTwoThreads, inTurn, "activations, components and heads side by side, overlapping, give the numbers of one at a time");
        assertThat(onTwoThreads).allSatisfy(r -> assertThat(r.accuracy()).as(r.method().label()).isGreaterThan(0.5));
    }

    @Test
    void rawPixelsIsTheMembersClassifierOnThePixelsWellAboveChanceAndTheSameForASeed() throws Exception {
        org.eagerae.data.DataSplit data = tinyData(400, 200).load();
        ClassifierOptions options = ClassifierOptions.defaults(3).withHidden(32).withLearningRate(1e-3f).withBatchSize(50).withMaxEpochs(10)
                .withLearningRateDrops(0); // on the principal components that keep 99 % of the pixels' variance
        Map<String, Integer> done = new ConcurrentHashMap<>();
        ClassifierListener listener = new ClassifierListener() {
            @Override
            public void onClassifierDone(ClassifierTask task, int epochs, double bestValAccuracy) {
                done.put(task.toString(), epochs);
            }
        };
        // no checkpoint is read, whatever the selection
        List<ClassificationResult> results = new Classification(CaeSpec.mnist(), data, options, listener, 2)
                .evaluate(List.of(), Set.of(Method.RAW_PIXELS), new CheckpointSelection.Last());
        assertThat(results).hasSize(1);
        ClassificationResult r = results.get(0);
        assertThat(r.method()).isEqualTo(Method.RAW_PIXELS);
        assertThat(r.selection()).isEqualTo(new CheckpointSelection.None());
        assertThat(r.memberEpochs()).isEmpty();
        assertThat(r.memberAccuracies()).isEmpty();
        assertThat(r.classifier()).isEqualTo(options);
        assertThat(r.accuracy()).isGreaterThan(0.6); // chance is 0.1
        assertThat(done).containsOnlyKeys("raw-pixels");

        List<ClassificationResult> again = new Classification(CaeSpec.mnist(), data, options, ClassifierListener.NONE, 1)
                .evaluate(List.of(), Set.of(Method.RAW_PIXELS), new CheckpointSelection.Epoch(2));
        assertThat(again.get(0).accuracy()).isEqualTo(r.accuracy());
        assertThat(again.get(0).confusion()).isDeepEqualTo(r.confusion());

        // the features are the pixels the encoders receive, and the head is a member's on them, seeded by the classifiers' seed
        try (FeatureStore store = FeatureStore.temporary()) {
            EncoderFeatures pixels = EncoderFeatures.extract(FeatureSource.pixels(CaeSpec.mnist()), data, store);
            assertThat(pixels.train().cols()).isEqualTo(784);
            assertThat(pixels.test().rows()).isEqualTo(data.test().size());
            float[] row = new float[784];
            pixels.test().copyRow(3, row, 0);
            assertThat(row).containsExactly(java.util.Arrays.copyOfRange(data.test().pixels(), 3 * 784, 4 * 784));
            try (FeatureHead head = FeatureHead.train(List.of(pixels), data.train().labels(), data.validation().labels(), 10, options,
                    options.seed())) {
                int[] predicted = Votes.argmax(head.probabilities(pixels.test()), 10);
                assertThat(Metrics.of(predicted, data.test().labels(), 10).accuracy()).isEqualTo(r.accuracy());
            }
        }

        ClassifierOptions onEveryPixel = options.withPcaVariance(0);
        assertThat(new Classification(CaeSpec.mnist(), data, onEveryPixel, ClassifierListener.NONE, 1)
                .evaluate(List.of(), Set.of(Method.RAW_PIXELS), new CheckpointSelection.Last()).get(0).accuracy()).isGreaterThan(0.6);
    }

    /** Each method's accuracy and per-member accuracies in {@code actual} are those of {@code expected}, in the same order. */
    private static void assertSameNumbers(List<ClassificationResult> actual, List<ClassificationResult> expected, String why) {
        assertThat(actual).as(why)
                .extracting(ClassificationResult::method, ClassificationResult::accuracy, ClassificationResult::memberAccuracies)
                .isEqualTo(expected.stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.method(), r.accuracy(), r.memberAccuracies())).toList());
    }

    @Test
    void closedFormGradientsAreTheGradientCollectorsGradients() {
        GaussianBatch batch = GaussianBatch.draw(7, 12, 6, 3);
        int n = batch.rows();
        int d = batch.cols();
        float[] x = batch.x();
        int[] y = batch.labels();
        for (int hidden : new int[] {5, 0}) {
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(); Network net = Network.onFeatures(m, d, hidden, 3, 3)) {
                ai.djl.ndarray.NDArray input = m.create(x, new ai.djl.ndarray.types.Shape(n, d));
                ai.djl.ndarray.NDArray onehot = m.create(y).oneHot(3);
                List<float[]> closedForm = net.gradients(input, onehot).stream().map(ai.djl.ndarray.NDArray::toFloatArray).toList();
                try (ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    collector.backward(net.logits(input, true).logSoftmax(1).mul(onehot).sum(new int[] {1}).mean().neg());
                }
                List<ai.djl.nn.Parameter> parameters = net.parameters();
                assertThat(closedForm).hasSize(hidden > 0 ? 4 : 2).hasSameSizeAs(parameters);
                for (int i = 0; i < parameters.size(); i++) {
                    float[] collected = parameters.get(i).getArray().getGradient().toFloatArray();
                    assertThat(closedForm.get(i)).as("hidden %d, parameter %d", hidden, i).hasSameSizeAs(collected)
                            .containsExactly(collected, within(1e-6f));
                    assertThat(collected).as("a gradient that is not all zeros").isNotEqualTo(new float[collected.length]);
                }
            }
        }
    }

    @Test
    @Tag("process")
    void fineTuningOnWorkersSideBySideGivesTheNumbersOfOneThreadInThisProcess() throws Exception {
        DataSource source = tinyData(200, 100);
        RunDirectory run = trainTwoMembers(source, 1);
        List<CheckpointChoice> choices = new CheckpointSelection.Epoch(1).choose(run);
        ClassifierOptions options = ClassifierOptions.defaults(1).withHidden(32).withPcaVariance(0).withLearningRate(1e-3f)
                .withBatchSize(50).withMaxEpochs(4).withPatience(2);
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        List<ClassificationResult> inProcess;
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        try {
            inProcess = new Classification(CaeSpec.mnist(), source.load(), options).fineTune(choices, new CheckpointSelection.Epoch(1));
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
        java.util.Map<Integer, List<Integer>> epochsHeard = new java.util.concurrent.ConcurrentHashMap<>();
        ClassifierListener listener = new ClassifierListener() {
            @Override
            public void onClassifierEpoch(ClassifierTask task, int epoch, int maxEpochs, double valAccuracy) {
                epochsHeard.computeIfAbsent(task.member(), k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>())).add(epoch);
            }
        };
        List<ClassificationResult> onWorkers;
        try (org.eagerae.worker.WorkerFineTuner workers = new org.eagerae.worker.WorkerFineTuner(run, run.readManifest().spec(), 2)) {
            onWorkers = new Classification(CaeSpec.mnist(), source.load(), options, listener, 2).fineTune(choices, new CheckpointSelection.Epoch(1), ModelSink.NONE,
                    workers);
        }
        assertThat(onWorkers).extracting(ClassificationResult::method).containsExactly(Method.FINE_TUNE, Method.FINE_TUNE_VOTE);
        assertThat(onWorkers.get(0).memberAccuracies()).hasSize(2).isEqualTo(inProcess.get(0).memberAccuracies())
                .allSatisfy(a -> assertThat(a).isGreaterThan(0.5)); // chance is 0.1
        assertThat(onWorkers.get(1).accuracy()).isEqualTo(inProcess.get(1).accuracy());
        assertThat(epochsHeard.keySet()).as("every member's epochs reach the listener").containsExactlyInAnyOrder(0, 1);
        epochsHeard.values().forEach(epochs -> assertThat(epochs).isSorted().startsWith(1));
    }

    @Test
    void fineTuningTrainsEncoderAndHeadAndRepeatsExactly() throws Exception {
        DataSource source = tinyData(200, 100);
        RunDirectory run = trainTwoMembers(source, 1);
        List<CheckpointChoice> choices = new CheckpointSelection.Epoch(1).choose(run);
        ClassifierOptions options = ClassifierOptions.defaults(1).withHidden(32).withPcaVariance(0).withLearningRate(1e-3f)
                .withBatchSize(50).withMaxEpochs(6).withPatience(2);

        List<ClassificationResult> first = new Classification(CaeSpec.mnist(), source.load(), options).fineTune(choices, new CheckpointSelection.Epoch(1));
        List<ClassificationResult> again = new Classification(CaeSpec.mnist(), source.load(), options).fineTune(choices, new CheckpointSelection.Epoch(1));

        assertThat(first).extracting(ClassificationResult::method).containsExactly(Method.FINE_TUNE, Method.FINE_TUNE_VOTE);
        assertThat(first.get(0).memberAccuracies()).hasSize(2).allSatisfy(a -> assertThat(a).isGreaterThan(0.5)); // chance is 0.1
        assertThat(first.get(1).accuracy()).isGreaterThan(0.5);
        assertThat(again).extracting(ClassificationResult::accuracy).isEqualTo(first.stream().map(ClassificationResult::accuracy).toList());
        assertThat(again.get(0).memberAccuracies()).isEqualTo(first.get(0).memberAccuracies());

        // without augmentation (the training images as they are: Inputs.jittered with no shift and no turn): it still
        // learns, and the results say what the images were
        List<ClassificationResult> plain = new Classification(CaeSpec.mnist(), source.load(),
                options.withFineTuneAugmentation(FineTuneAugmentation.NONE)).fineTune(choices, new CheckpointSelection.Epoch(1));
        assertThat(plain.get(1).accuracy()).isGreaterThan(0.5);
        assertThat(plain).allSatisfy(r -> {
            assertThat(r.classifier().maxShift()).isZero();
            assertThat(r.classifier().maxDegrees()).isZero();
            assertThat(r.classifier().fineTuneAugmentation()).isEqualTo(FineTuneAugmentation.NONE);
        });
        assertThat(first).allSatisfy(r -> assertThat(r.classifier().maxDegrees()).isEqualTo(10));
    }

    @Test
    void jitterWithoutRotationMovesWholePixelsAndFillsWithZero() {
        float[] image = new float[12]; // 1 x 3 x 4, value = 10 * row + column + 1
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                image[y * 4 + x] = 10 * y + x + 1;
            }
        }
        float[] moved = new float[12];
        JitteredImages.transform(image, 0, moved, 0, 1, 3, 4, 0, 1, -1); // one down, one left
        assertThat(moved).containsExactly(
                0, 0, 0, 0,
                2, 3, 4, 0,
                12, 13, 14, 0);
    }

    @Test
    void jitterRotatesAboutTheCentre() {
        float[] image = new float[9]; // 3 x 3 with a single bright pixel right of the centre
        image[1 * 3 + 2] = 1;
        float[] turned = new float[9];
        JitteredImages.transform(image, 0, turned, 0, 1, 3, 3, Math.PI / 2, 0, 0);
        float[] expected = new float[9];
        expected[2 * 3 + 1] = 1; // a quarter turn (y down, x right) moves it below the centre
        assertThat(turned).usingElementComparator((a, b) -> Math.abs(a - b) < 1e-6 ? 0 : 1).containsExactly(expected);
    }

    @Test
    void jitteredBatchesRepeatForTheSameSeedAndDifferForAnother() throws Exception {
        org.eagerae.data.ImageDataset images = TinyImages.bars(20, 1, 28, 10, 3);
        int[] order = java.util.stream.IntStream.range(0, 20).toArray();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            float[] a = Inputs.jittered(images, 2, 10, 5).batch(m, order, 0, 20).toFloatArray();
            float[] b = Inputs.jittered(images, 2, 10, 5).batch(m, order, 0, 20).toFloatArray();
            float[] c = Inputs.jittered(images, 2, 10, 6).batch(m, order, 0, 20).toFloatArray();
            float[] plain = Inputs.of(images).batch(m, order, 0, 20).toFloatArray();
            assertThat(a).containsExactly(b);
            assertThat(a).isNotEqualTo(c);
            assertThat(a).isNotEqualTo(plain);
            assertThat(Inputs.jittered(images, 0, 0, 5).batch(m, order, 0, 20).toFloatArray()).containsExactly(plain);
        }
    }

    @Test
    void eachDropOfTheStepSizeBuysAnotherPatienceOfEpochs() {
        // two separable clusters: validation accuracy reaches 1 early and cannot improve after
        int n = 40;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[2 * i] = y[i] == 0 ? -2 - i * 0.01f : 2 + i * 0.01f;
            x[2 * i + 1] = (i % 5) * 0.1f;
        }
        FeatureMatrix f = new FeatureMatrix(x, n, 2);
        for (int drops = 0; drops <= 2; drops++) {
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
                    Network net = Network.onFeatures(m, 2, 8, 2, 1)) {
                SupervisedTrainer.Fit fit = SupervisedTrainer.fit(net, Inputs.of(f), y, Inputs.of(f), y,
                        ClassifierOptions.defaults(1).withHidden(8).withPcaVariance(0).withLearningRate(1e-2f)
                                .withBatchSize(10).withMaxEpochs(100).withLearningRateDrops(drops));
                assertThat(fit.bestValAccuracy()).isEqualTo(1.0);
                assertThat(fit.epochs()).as("drops " + drops).isEqualTo(fit.bestEpoch() + 3 * (drops + 1));
            }
        }
    }
}

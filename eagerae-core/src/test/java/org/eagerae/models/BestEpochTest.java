package org.eagerae.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.classify.EpochScore;
import org.eagerae.classify.Method;
import org.eagerae.data.DataSource;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;
import org.eagerae.data.ImageSource;
import org.eagerae.data.Splits;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import org.eagerae.testing.Folders;
import org.eagerae.testing.TinyRuns;
import org.eagerae.train.EpochRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code classify --epoch best} on a tiny run of two members trained two epochs (epochs 0, 1 and 2 to try): each
 * method's epoch is the one with the highest validation accuracy (ties: the earlier), the test labels play no part,
 * epoch 0 competes, and only the chosen classifiers are saved, each predicting as classify reported.
 */
class BestEpochTest {

    /** A small MLP that trains in seconds. */
    static final ClassifierOptions OPTIONS = ClassifierOptions.defaults(1).withHidden(32).withLearningRate(1e-3f)
            .withBatchSize(50).withMaxEpochs(6).withPatience(2).withLearningRateDrops(0);

    @TempDir
    static Path tmp;

    static DataSource source;
    static RunDirectory run;
    static List<ClassificationResult> results;
    static List<Integer> tried = new ArrayList<>();

    @BeforeAll
    static void classifyATinyRunAtItsBestEpochs() throws Exception {
        source = TinyRuns.barsInIdx(tmp.resolve("data"), 200, 60, 48);
        run = TinyRuns.trainInline(tmp.resolve("run"), source, 2, 2);
        Folders.copyTree(run.root(), tmp.resolve("untouched"));
        ClassifierListener listener = new ClassifierListener() {
            @Override
            public void onCandidateDone(int epoch, int index, int candidates, List<ClassificationResult> done, double seconds) {
                tried.add(epoch);
                assertThat(done).extracting(ClassificationResult::method).hasSize(4);
            }
        };
        results = ModelTraining.classifyBest(run, BestEpochSearch.everyEpoch(), Set.copyOf(Method.ON_ENCODERS), OPTIONS, false, listener);
    }

    @Test
    void eachMethodKeepsTheEpochWithTheHighestValidationAccuracyTheEarlierOnTies() {
        assertThat(tried).containsExactly(0, 1, 2);
        assertThat(results).extracting(ClassificationResult::method)
                .containsExactly(Method.SINGLE, Method.SOFT_VOTE, Method.HARD_VOTE, Method.STACKED);
        for (ClassificationResult r : results) {
            List<EpochScore> curve = r.validationCurve();
            assertThat(curve).extracting(EpochScore::epoch).as(r.method().label()).containsExactly(0, 1, 2);
            double highest = curve.stream().mapToDouble(EpochScore::validationAccuracy).max().orElseThrow();
            int expected = curve.stream().filter(p -> p.validationAccuracy() == highest).findFirst().orElseThrow().epoch();
            assertThat(r.selection()).as(r.method().label()).isEqualTo(new CheckpointSelection.BestOnValidation(expected, null));
            assertThat(r.selection().label()).isEqualTo("best epoch " + expected + " on validation");
            assertThat(r.memberEpochs()).containsExactly(expected, expected);
            EpochScore at = curve.get(expected);
            assertThat(r.validationAccuracy()).isEqualTo(at.validationAccuracy());
            assertThat(r.accuracy()).isEqualTo(at.testAccuracy());
            assertThat(r.accuracy()).as(r.method().label()).isGreaterThan(0.3); // chance is 0.1
        }
        assertThat(ClassifyFile.read(run)).as("classify.json, read back").isEqualTo(results);
    }

    @Test
    void rawPixelsHasNoEpochToChooseAndIsTrainedOnceBesideTheSearch() throws Exception {
        RunDirectory copy = RunDirectory.open(Folders.copyTree(tmp.resolve("untouched"), tmp.resolve("with-pixels")));
        List<Integer> epochs = new ArrayList<>();
        List<ClassificationResult> found = ModelTraining.classifyBest(copy, BestEpochSearch.everyEpoch(),
                Set.of(Method.SOFT_VOTE, Method.RAW_PIXELS), OPTIONS, false, new ClassifierListener() {
                    @Override
                    public void onCandidateDone(int epoch, int index, int candidates, List<ClassificationResult> done, double seconds) {
                        epochs.add(epoch);
                        assertThat(done).extracting(ClassificationResult::method).containsExactly(Method.SOFT_VOTE);
                    }
                });
        assertThat(epochs).containsExactly(0, 1, 2);
        assertThat(found).extracting(ClassificationResult::method).containsExactly(Method.SOFT_VOTE, Method.RAW_PIXELS);
        assertThat(found.get(0).selection()).isInstanceOf(CheckpointSelection.BestOnValidation.class);
        assertThat(found.get(1).selection()).isEqualTo(new CheckpointSelection.None());
        assertThat(found.get(1).validationCurve()).isNull();
        assertThat(found.get(1).accuracy()).isGreaterThan(0.3);
    }

    @Test
    void onlyTheChosenClassifiersAreSavedAndTheirManifestsRecordTheChoice() {
        ModelStore store = ModelStore.of(run);
        List<String> expected = new ArrayList<>();
        for (ClassificationResult r : results) {
            int epoch = ((CheckpointSelection.BestOnValidation) r.selection()).epoch();
            String tag = String.format("best-epoch-%03d-mlp32", epoch);
            if (r.method().perMember()) {
                assertThat(r.models()).containsExactly(r.method().label() + "-m00-" + tag, r.method().label() + "-m01-" + tag);
            } else {
                assertThat(r.models()).containsExactly(r.method().label() + "-" + tag);
            }
            expected.addAll(r.models());
            if (r.method().vote()) {
                expected.addAll(store.manifest(r.models().get(0)).parts()); // the per-member classifiers it combines, at its epoch
            }
            for (String name : r.models()) {
                ModelManifest m = store.manifest(name);
                assertThat(m.selection()).isEqualTo(r.selection());
                assertThat(m.choice()).isEqualTo(new ModelManifest.EpochChoice(r.method(), epoch, r.validationCurve()));
                assertThat(m.checkpoints()).extracting(ModelManifest.Source::epoch).containsOnly(epoch);
            }
        }
        assertThat(store.names()).as("no model of an epoch that was not chosen")
                .containsExactlyInAnyOrderElementsOf(new TreeSet<>(expected));
    }

    @Test
    void theChosenModelsPredictAsClassifyReported() {
        ImageDataset test = source.load().test();
        ImageSource images = ImageSource.open(tmp.resolve("data/t10k-images-idx3-ubyte"), 1, 28, 28);
        float[] pixels = images.read(0, images.size());
        for (ClassificationResult r : results) {
            for (int k = 0; k < r.models().size(); k++) {
                String name = r.models().get(k);
                try (SavedModel model = SavedModel.load(run, name)) {
                    int[] predicted = model.predict(pixels).classes();
                    int correct = 0;
                    for (int i = 0; i < test.size(); i++) {
                        correct += predicted[i] == test.labels()[i] ? 1 : 0;
                    }
                    double reported = r.memberAccuracies().isEmpty() ? r.accuracy() : r.memberAccuracies().get(k);
                    assertThat((double) correct / test.size()).as(name).isEqualTo(reported).isEqualTo(model.manifest().testAccuracy());
                }
            }
        }
    }

    @Test
    void shufflingTheTestLabelsChangesNoChoice() throws Exception {
        RunDirectory copy = RunDirectory.open(Folders.copyTree(tmp.resolve("untouched"), tmp.resolve("shuffled")));
        DataSplit data = source.load();
        int[] labels = data.test().labels();
        int[] order = Splits.permutation(labels.length, 7);
        int[] shuffled = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            shuffled[i] = labels[order[i]];
        }
        ImageDataset test = data.test();
        DataSplit permuted = new DataSplit(data.train(), data.validation(),
                new ImageDataset(test.pixels(), shuffled, test.channels(), test.height(), test.width(), test.classes()));
        List<ClassificationResult> again = ModelTraining.classifyBest(copy, permuted, BestEpochSearch.everyEpoch(),
                Set.copyOf(Method.ON_ENCODERS), OPTIONS, false, ClassifierListener.NONE);

        assertThat(again).extracting(ClassificationResult::method, ClassificationResult::selection)
                .isEqualTo(results.stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.method(), r.selection())).toList());
        for (int i = 0; i < results.size(); i++) {
            assertThat(validation(again.get(i))).as(results.get(i).method().label()).isEqualTo(validation(results.get(i)));
        }
        assertThat(again.stream().flatMap(r -> r.validationCurve().stream()).map(EpochScore::testAccuracy).toList())
                .as("the test accuracies, which the shuffle did change")
                .isNotEqualTo(results.stream().flatMap(r -> r.validationCurve().stream()).map(EpochScore::testAccuracy).toList());
    }

    private static List<List<Double>> validation(ClassificationResult r) {
        return r.validationCurve().stream().map(p -> List.of((double) p.epoch(), p.validationAccuracy())).toList();
    }

    @Test
    void untrainedEncodersAreChosenWhenNoTrainingDoesBetter() throws Exception {
        // every later checkpoint holds the initial weights: the same validation accuracy at every epoch, so the earliest wins
        Path copy = Folders.copyTree(tmp.resolve("untouched"), tmp.resolve("untrained"));
        RunDirectory untrained = RunDirectory.open(copy);
        for (int k = 0; k < 2; k++) {
            for (int e = 1; e <= 2; e++) {
                Files.copy(untrained.checkpoint(k, 0), untrained.checkpoint(k, e), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<ClassificationResult> chosen = ModelTraining.classifyBest(untrained, BestEpochSearch.everyEpoch(),
                Set.of(Method.SOFT_VOTE, Method.STACKED), OPTIONS.withHidden(0), false, ClassifierListener.NONE);
        assertThat(chosen).allSatisfy(r -> {
            assertThat(r.selection()).isEqualTo(new CheckpointSelection.BestOnValidation(0, null));
            assertThat(r.memberEpochs()).containsExactly(0, 0);
            assertThat(r.validationCurve()).extracting(EpochScore::validationAccuracy).containsOnly(r.validationAccuracy());
        });
        assertThat(ModelStore.of(untrained).names()).containsExactlyInAnyOrder("single-m00-best-epoch-000-logistic",
                "single-m01-best-epoch-000-logistic", "soft-vote-best-epoch-000-logistic", "stacked-best-epoch-000-logistic");
        ModelManifest part = ModelStore.of(untrained).manifest("single-m00-best-epoch-000-logistic");
        assertThat(part.choice().method()).as("a vote's part records the vote's choice").isEqualTo(Method.SOFT_VOTE);
        assertThat(part.checkpoints()).extracting(ModelManifest.Source::path).containsExactly("members/m00/epoch-000.params");
    }

    @Test
    void aBudgetAndARangeNarrowTheEpochsTried() {
        RunDirectory untouched = RunDirectory.open(tmp.resolve("untouched"));
        double firstEpochs = Stream.of(0, 1).map(k -> untouched.member(k).epochs().get(0)).mapToDouble(EpochRecord::elapsedSeconds)
                .max().orElseThrow();
        double earliest = Stream.of(0, 1).map(k -> untouched.member(k).epochs().get(0)).mapToDouble(EpochRecord::elapsedSeconds)
                .min().orElseThrow();
        assertThat(BestEpochSearch.everyEpoch().candidates(untouched)).containsExactly(0, 1, 2);
        assertThat(new BestEpochSearch(firstEpochs, null, null).candidates(untouched)).as("epoch 2 of every member took longer")
                .containsExactly(0, 1);
        assertThat(new BestEpochSearch(earliest / 2, null, null).candidates(untouched)).containsExactly(0);
        assertThat(new BestEpochSearch(null, 1, null).candidates(untouched)).containsExactly(1, 2);
        assertThat(new BestEpochSearch(null, null, 1).candidates(untouched)).containsExactly(0, 1);
        assertThat(new BestEpochSearch(firstEpochs, 1, 2).candidates(untouched)).containsExactly(1);
        assertThatThrownBy(() -> new BestEpochSearch(null, 3, null).candidates(untouched)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("has epochs 0..2; none of them is from epoch 3 to the last");
        assertThatThrownBy(() -> new BestEpochSearch(null, 2, 1).candidates(untouched)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("epochsFrom 2 is after epochsTo 1");
        assertThatThrownBy(() -> new CheckpointSelection.BestOnValidation(2, firstEpochs).choose(untouched))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("more than budget");
        assertThat(new CheckpointSelection.BestOnValidation(1, firstEpochs).choose(untouched))
                .extracting(c -> c.record().epoch()).containsExactly(1, 1);
    }

    @Test
    void aSelectionReadsBackFromItsLabel() throws Exception {
        for (CheckpointSelection s : List.of(new CheckpointSelection.Epoch(3), new CheckpointSelection.Budget(20),
                new CheckpointSelection.Last(), new CheckpointSelection.AtRunTime(12.5), new CheckpointSelection.Epochs(List.of(3, 5)),
                new CheckpointSelection.BestOnValidation(3, null), new CheckpointSelection.BestOnValidation(0, 20.0))) {
            String json = RunDirectory.JSON.writeValueAsString(s);
            assertThat(RunDirectory.JSON.readValue(json, CheckpointSelection.class)).as(json).isEqualTo(s);
        }
        assertThat(new CheckpointSelection.BestOnValidation(0, 20.0).label()).isEqualTo("best epoch 0 on validation within budget 20.0 s");
        assertThat(new CheckpointSelection.BestOnValidation(3, 20.0).tag(List.of())).isEqualTo("best-epoch-003-budget-20s");
        assertThatThrownBy(() -> RunDirectory.JSON.readValue("\"best epoch x on validation\"", CheckpointSelection.class))
                .hasMessageContaining("not a checkpoint selection");
    }
}

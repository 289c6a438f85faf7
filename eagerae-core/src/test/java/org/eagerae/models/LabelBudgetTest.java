package org.eagerae.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eagerae.InvalidSettingException;
import org.eagerae.classify.Classification;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.classify.LabelBudget;
import org.eagerae.classify.Method;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import org.eagerae.testing.TinyImages;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A label budget: which labels the classifiers see, and that they see no other. */
class LabelBudgetTest {

    @TempDir
    static Path dir;

    static RunDirectory run;
    static DataSplit data;

    @BeforeAll
    static void trainOneMember() throws Exception {
        run = TinyRuns.trainInline(dir.resolve("run"), TinyRuns.barsInIdx(dir.resolve("data"), 300, 100, 200), 1, 1);
        data = run.readManifest().spec().data().load();
    }

    private static int[] perClass(ImageDataset d) {
        int[] counts = new int[d.classes()];
        for (int label : d.labels()) {
            counts[label]++;
        }
        return counts;
    }

    /** Where each image of {@code chosen} is in {@code from} (its pixels' row), or -1. */
    private static Set<Integer> rowsIn(ImageDataset chosen, ImageDataset from) {
        Set<Integer> rows = new HashSet<>();
        int per = from.imageSize();
        for (int i = 0; i < chosen.size(); i++) {
            float[] image = Arrays.copyOfRange(chosen.pixels(), i * per, (i + 1) * per);
            int found = -1;
            for (int j = 0; j < from.size() && found < 0; j++) {
                if (Arrays.equals(image, Arrays.copyOfRange(from.pixels(), j * per, (j + 1) * per)) && from.labels()[j] == chosen.labels()[i]) {
                    found = j;
                }
            }
            rows.add(found);
        }
        return rows;
    }

    @Test
    void theClassifiersSeeExactlyNPerClassFromTheTrainingSplitAFifthOfThemForValidation() {
        DataSplit budget = new LabelBudget(10, 1).choose(data);
        int[] train = new int[10];
        int[] validation = new int[10];
        Arrays.fill(train, 8);
        Arrays.fill(validation, 2);
        assertArrayEquals(train, perClass(budget.train()));
        assertArrayEquals(validation, perClass(budget.validation()));
        Set<Integer> trainRows = rowsIn(budget.train(), data.train());
        Set<Integer> validationRows = rowsIn(budget.validation(), data.train());
        assertFalse(trainRows.contains(-1), "every training label comes from the training split");
        assertFalse(validationRows.contains(-1), "every validation label comes from the training split");
        trainRows.retainAll(validationRows);
        assertTrue(trainRows.isEmpty(), "no image is both");
        assertArrayEquals(data.test().pixels(), budget.test().pixels());
        assertEquals(1, new LabelBudget(3, 1).validationPerClass());
        assertEquals(20, new LabelBudget(100, 1).validationPerClass());
    }

    @Test
    void theSameSeedChoosesTheSameImagesAnotherSeedOthers() {
        DataSplit a = new LabelBudget(5, 7).choose(data);
        DataSplit b = new LabelBudget(5, 7).choose(data);
        DataSplit c = new LabelBudget(5, 8).choose(data);
        assertArrayEquals(a.train().pixels(), b.train().pixels());
        assertArrayEquals(a.validation().pixels(), b.validation().pixels());
        assertFalse(Arrays.equals(a.train().pixels(), c.train().pixels()));
    }

    @Test
    void aBudgetLargerThanAClassIsRefusedNamingTheClass() {
        int smallest = Arrays.stream(perClass(data.train())).min().orElseThrow();
        int cls = 0;
        while (perClass(data.train())[cls] != smallest) {
            cls++;
        }
        int n = smallest + 1;
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new LabelBudget(n, 1).choose(data));
        assertEquals("labelsPerClass " + n + " is more than class " + cls + " has in the training split (" + smallest + " images)",
                e.getMessage());
        assertEquals("labelsPerClass must be >= 2 (one training and one validation label per class), got 1",
                assertThrows(InvalidSettingException.class, () -> new LabelBudget(1, 1)).getMessage());
    }

    @Test
    void aBudgetInAllSharesTheLabelsInTheClassesProportionsAtLeastTwoEach() {
        assertArrayEquals(new int[] {5, 3, 2}, LabelBudget.inAll(10, 1).quotas(new int[] {50, 30, 20}), "exact shares");
        assertArrayEquals(new int[] {3, 2, 2}, LabelBudget.inAll(7, 1).quotas(new int[] {10, 10, 10}), "the label left over to the lower class");
        assertArrayEquals(new int[] {2, 3, 5}, LabelBudget.inAll(10, 1).quotas(new int[] {24, 26, 50}), "largest remainder: 2.4, 2.6, 5");
        assertArrayEquals(new int[] {6, 2, 2}, LabelBudget.inAll(10, 1).quotas(new int[] {900, 50, 50}),
                "rare classes get two, the common one what is left");
        assertArrayEquals(new int[] {7, 7, 7}, new LabelBudget(7, 1).quotas(new int[] {10, 20, 30}), "per class: the same for all");
        assertEquals("labelsInAll 5 is fewer than 2 per class: the 3 classes need at least 6 (one training and one validation label each)",
                assertThrows(InvalidSettingException.class, () -> LabelBudget.inAll(5, 1).quotas(new int[] {10, 10, 10})).getMessage());
        assertEquals("labelsInAll 31 is more than the training split's 30 images",
                assertThrows(InvalidSettingException.class, () -> LabelBudget.inAll(31, 1).quotas(new int[] {10, 10, 10})).getMessage());
    }

    @Test
    void aBudgetInAllChoosesThatManyLabelsFromTheTrainingSplitAFifthOfEachClassForValidation() {
        int[] counts = perClass(data.train());
        int total = 37;
        int[] quotas = LabelBudget.inAll(total, 4).quotas(counts);
        assertEquals(total, Arrays.stream(quotas).sum());
        DataSplit budget = LabelBudget.apply(data, ClassifierOptions.defaults(4).withLabelsInAll(total));
        assertEquals(total, budget.train().size() + budget.validation().size());
        int[] train = perClass(budget.train());
        int[] validation = perClass(budget.validation());
        for (int c = 0; c < counts.length; c++) {
            assertEquals(quotas[c], train[c] + validation[c], "class " + c);
            assertEquals(Math.max(1, Math.round(quotas[c] * 0.2f)), validation[c], "class " + c);
            assertTrue(train[c] >= 1, "class " + c + " has a training label");
        }
        Set<Integer> rows = rowsIn(budget.train(), data.train());
        rows.addAll(rowsIn(budget.validation(), data.train()));
        assertFalse(rows.contains(-1), "every label comes from the training split");
        assertEquals(total, rows.size(), "no image twice");
        assertTrue(Arrays.stream(budget.unsupervised().labels()).allMatch(label -> label == -1));
        assertEquals(data.train().size(), budget.unsupervised().size());
    }

    @Test
    void aClassWithTooFewImagesForItsShareIsRefusedNamingIt() {
        ImageDataset t = data.train();
        int[] keep = java.util.stream.IntStream.range(0, t.size()).filter(i -> t.labels()[i] != 2).toArray();
        DataSplit withoutClass2 = new DataSplit(t.select(keep), data.validation(), data.test());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> LabelBudget.inAll(40, 1).choose(withoutClass2));
        assertEquals("labelsInAll 40 gives class 2 2 labels, more than it has in the training split (0 images)", e.getMessage());
        assertEquals("labelsPerClass (3) and labelsInAll (30) are two label budgets; set one", assertThrows(InvalidSettingException.class,
                () -> ClassifierOptions.defaults(1).withLabelsPerClass(3).withLabelsInAll(30)).getMessage());
        ClassifierOptions inAll = ClassifierOptions.defaults(1).withLabelsInAll(30);
        assertTrue(inAll.describe().endsWith(", 30 labels in all"), inAll.describe());
        assertEquals("-labels30-in-all", ModelSaver.settingsTag(inAll), "saved models' names say the budget");
    }

    /**
     * No label outside the budget reaches a classifier: the run's validation split scrambled (labels and pixels) gives the
     * same numbers, and so does the budget's split with the other training images' labels put back, scrambled, where the
     * classifiers read those images' pixels (their standardisation and principal components are fitted on every training
     * image, as the autoencoders trained on every one, and the {@code spread} heads learn from labels spread to them).
     */
    @Test
    void noLabelOutsideTheBudgetReachesAClassifier() {
        ClassifierOptions options = ClassifierOptions.defaults(3).withLabelsPerClass(6).withMaxEpochs(5);
        ImageDataset v = data.validation();
        float[] validationPixels = new float[v.pixels().length];
        Arrays.fill(validationPixels, 0.25f);
        int[] validationLabels = new int[v.size()]; // every one class 0
        DataSplit scrambled = new DataSplit(data.train(),
                new ImageDataset(validationPixels, validationLabels, v.channels(), v.height(), v.width(), v.classes()), data.test());
        Set<Method> methods = Set.of(Method.SINGLE, Method.RAW_PIXELS, Method.SPREAD, Method.RAW_PIXELS_SPREAD); // spreading reads the unlabelled images too
        BestEpochSearch search = new BestEpochSearch(null, 1, 1);
        List<ClassificationResult> original = ModelTraining.classifyBest(run, data, search, methods, options, false, ClassifierListener.NONE);
        List<ClassificationResult> outside = ModelTraining.classifyBest(run, scrambled, search, methods, options, false, ClassifierListener.NONE);
        assertSameNumbers(original, outside);
        assertTrue(original.get(0).accuracy() > 0.2, "above chance on 60 labels: " + original.get(0).accuracy());
        List<ClassificationResult> stored = ClassifyFile.read(run);
        assertTrue(stored.stream().allMatch(r -> r.classifier().labelsPerClass() == 6), "classify.json keeps the budget");
        try (SavedModel model = SavedModel.load(run, original.get(0).models().get(0))) {
            assertEquals(6, model.manifest().classifier().labelsPerClass());
        }
        assertTrue(original.get(0).models().get(0).contains("-labels6"), original.get(0).models().get(0));

        DataSplit budget = new LabelBudget(6, 3).choose(data);
        assertTrue(Arrays.stream(budget.unsupervised().labels()).allMatch(label -> label == -1), "the budget keeps no other label");
        int classes = data.train().classes();
        int[] wrong = data.train().labels().clone();
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = (wrong[i] + 1 + i % (classes - 1)) % classes; // another class than its own
        }
        ImageDataset u = budget.unsupervised();
        DataSplit labelsBack = new DataSplit(budget.train(), budget.validation(), budget.test(),
                new ImageDataset(u.pixels(), wrong, u.channels(), u.height(), u.width(), u.classes()));
        CheckpointSelection epoch1 = new CheckpointSelection.Epoch(1);
        List<CheckpointChoice> checkpoints = epoch1.choose(run);
        assertSameNumbers(new Classification(run.readManifest().spec().model(), budget, options).evaluate(checkpoints, methods, epoch1),
                new Classification(run.readManifest().spec().model(), labelsBack, options).evaluate(checkpoints, methods, epoch1));
    }

    private static void assertSameNumbers(List<ClassificationResult> a, List<ClassificationResult> b) {
        assertEquals(Set.of(Method.SINGLE, Method.SPREAD, Method.RAW_PIXELS, Method.RAW_PIXELS_SPREAD),
                Set.copyOf(a.stream().map(ClassificationResult::method).toList()));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).method(), b.get(i).method());
            assertEquals(a.get(i).accuracy(), b.get(i).accuracy());
            assertEquals(a.get(i).validationAccuracy(), b.get(i).validationAccuracy());
        }
    }

    @Test
    void withoutABudgetTheSplitIsAsItWas() {
        DataSplit all = LabelBudget.apply(data, ClassifierOptions.defaults(1));
        assertEquals(data, all);
    }
}

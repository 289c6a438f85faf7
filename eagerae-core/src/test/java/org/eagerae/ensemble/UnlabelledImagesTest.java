package org.eagerae.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eagerae.InvalidInputException;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifierListener;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.LabelBudget;
import org.eagerae.classify.LabelledImages;
import org.eagerae.classify.Method;
import org.eagerae.data.DataSource;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;
import org.eagerae.data.UnlabelledImages;
import org.eagerae.model.CaeSpec;
import org.eagerae.models.ModelTraining;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;
import org.eagerae.testing.IdxFiles;
import org.eagerae.testing.PngFiles;
import org.eagerae.testing.TinyImages;
import org.eagerae.testing.TinyRuns;
import org.eagerae.train.TrainingOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images without labels: read from real files, added to the autoencoders' images and to the images the classifiers' unsupervised
 * steps read, never to their labelled images.
 */
class UnlabelledImagesTest {

    @TempDir
    static Path dir;

    static DataSource labelled;
    static ImageDataset extra;
    static Path idxFile;

    @BeforeAll
    static void writeData() throws Exception {
        labelled = TinyRuns.barsInIdx(dir.resolve("labelled"), 200, 50, 60);
        extra = TinyImages.bars(100, 1, 28, 10, 9);
        idxFile = dir.resolve("unlabelled-images-idx3-ubyte");
        IdxFiles.write(idxFile, dir.resolve("unlabelled-labels-idx1-ubyte"), extra);
    }

    /** Members trained inline for one epoch, batch 50, telling how many batches an epoch has. */
    private static List<Integer> batchesPerEpoch(RunSpec spec, Path folder) {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        TinyRuns.train(folder, spec, new InlineBackend(), new EnsembleListener() {
            @Override
            public void onStart(int member, int firstEpoch, int maxEpochs, int batchesPerEpoch) {
                batches.add(batchesPerEpoch);
            }
        });
        return batches;
    }

    private static RunSpec spec() {
        return new RunSpec(labelled, CaeSpec.mnist(), 1, 1, TrainingOptions.paper(1).withBatchSize(50), 1);
    }

    @Test
    void idxFilePngFoldersAndNpyGiveTheSameCountsAndThePngsTheIdxChecksum() throws Exception {
        UnlabelledImages idx = UnlabelledImages.of(idxFile, 1, 28, 28);
        assertEquals(90, idx.train());
        assertEquals(10, idx.validation());
        UnlabelledImages byClass = UnlabelledImages.of(PngFiles.writeByLabel(dir.resolve("png-sub"), extra), 1, 28, 28);
        UnlabelledImages flat = UnlabelledImages.of(PngFiles.writeInOrder(dir.resolve("png-flat"), extra), 1, 28, 28);
        assertEquals(100, byClass.images());
        assertEquals(idx.sha256(), flat.sha256(), "8-bit PNGs in index order hold the IDX file's pixels");
        assertNotEquals(idx.sha256(), byClass.sha256(), "another order, another checksum");
        TinyRuns.writeNpyFolder(dir.resolve("npy"), extra);
        UnlabelledImages npy = UnlabelledImages.of(dir.resolve("npy/images.npy"), 1, 28, 28);
        assertEquals(90, npy.train());
        assertEquals(10, npy.validation());
    }

    @Test
    void theMembersTrainOnTheUnlabelledImagesTooAndRunJsonRecordsThem() {
        assertEquals(List.of(4), batchesPerEpoch(spec(), dir.resolve("without")), "200 labelled images in batches of 50");
        UnlabelledImages images = UnlabelledImages.of(idxFile, 1, 28, 28);
        RunSpec with = spec().withUnlabelled(images);
        assertEquals(List.of(6), batchesPerEpoch(with, dir.resolve("with")), "200 + 90 images in batches of 50");
        RunDirectory run = RunDirectory.open(dir.resolve("with"));
        assertEquals(images, run.readManifest().spec().unlabelled());
        assertNull(RunDirectory.open(dir.resolve("without")).readManifest().spec().unlabelled());
        DataSplit split = with.autoencoderData(labelled.load());
        assertEquals(290, split.train().size());
        assertEquals(60, split.validation().size());
        assertEquals(60, split.test().size());
        assertEquals(-1, split.train().labels()[289]);

        DataSplit classifiers = with.loadClassifierData();
        DataSplit alone = labelled.load();
        assertEquals(LabelledImages.sha256(alone), LabelledImages.sha256(classifiers), "the same labelled images, the same labels");
        assertArrayEquals(alone.test().labels(), classifiers.test().labels());
        ImageDataset unsupervised = classifiers.unsupervisedImages();
        assertEquals(290, unsupervised.size(), "the training split and the 90 unlabelled images the autoencoders trained on");
        assertTrue(Arrays.stream(unsupervised.labels()).allMatch(l -> l == -1), "no label among them");
        int pixels = unsupervised.imageSize();
        assertArrayEquals(Arrays.copyOfRange(split.train().pixels(), 0, 290 * pixels), unsupervised.pixels(),
                "the autoencoders' training images, in their order");
        assertEquals(290, new LabelBudget(5, 1).choose(classifiers).unsupervisedImages().size(), "a label budget keeps them");

        List<Integer> read = new CopyOnWriteArrayList<>();
        ClassifierListener counting = new ClassifierListener() {
            @Override
            public void onFeatures(int member, int members, int imagesRead) {
                read.add(imagesRead);
            }
        };
        List<ClassificationResult> results = ModelTraining.classify(run, new CheckpointSelection.Last(), Set.of(Method.SINGLE),
                ClassifierOptions.defaults(1).withMaxEpochs(2), false, counting);
        assertEquals(List.of(200 + 50 + 60 + 290), read, "the labelled splits, then the images the unsupervised steps are fitted on");
        assertEquals(290, results.get(0).unsupervisedImages());
        try (org.eagerae.models.SavedModel model = org.eagerae.models.SavedModel.load(run, results.get(0).models().get(0))) {
            assertEquals(290, model.manifest().unsupervisedImages(), "the saved model's manifest says so too");
        }
        assertEquals(LabelledImages.sha256(alone), results.get(0).labelsSha256(), "the classifiers' label set is the labelled split's");
    }

    @Test
    void badPathsShapesAndChangedFilesAreRefusedNamingThePath() throws Exception {
        Path missing = dir.resolve("no-such");
        assertEquals(missing + ": no such file or folder",
                assertThrows(InvalidInputException.class, () -> UnlabelledImages.of(missing, 1, 28, 28)).getMessage());
        Path small = dir.resolve("small");
        PngFiles.writeInOrder(small, TinyImages.bars(3, 1, 8, 10, 1));
        String message = assertThrows(InvalidInputException.class, () -> UnlabelledImages.of(small, 1, 28, 28)).getMessage();
        assertTrue(message.endsWith(": an image of 8x8, not 28x28"), message);
        TinyRuns.writeNpyFolder(dir.resolve("npy30"), TinyImages.bars(5, 1, 30, 10, 1));
        assertEquals(dir.resolve("npy30/images.npy") + ": images of 1x30x30, not the model's 1x28x28",
                assertThrows(InvalidInputException.class, () -> UnlabelledImages.of(dir.resolve("npy30/images.npy"), 1, 28, 28)).getMessage());
        Path idx30 = dir.resolve("idx30-images");
        IdxFiles.write(idx30, dir.resolve("idx30-labels"), TinyImages.bars(5, 1, 30, 10, 1));
        message = assertThrows(InvalidInputException.class, () -> UnlabelledImages.of(idx30, 1, 28, 28)).getMessage();
        assertTrue(message.startsWith(idx30.toString()) && message.contains("30x30"), message);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(empty + " holds no PNG or JPEG images",
                assertThrows(InvalidInputException.class, () -> UnlabelledImages.of(empty, 1, 28, 28)).getMessage());

        Path changing = dir.resolve("changing-images");
        IdxFiles.write(changing, dir.resolve("changing-labels"), TinyImages.bars(20, 1, 28, 10, 3));
        UnlabelledImages recorded = UnlabelledImages.of(changing, 1, 28, 28);
        IdxFiles.write(changing, dir.resolve("changing-labels"), TinyImages.bars(20, 1, 28, 10, 4));
        message = assertThrows(InvalidInputException.class, () -> recorded.addTo(labelled.load(), 1)).getMessage();
        assertTrue(message.startsWith(changing + ": the unlabelled images changed since the run started"), message);
    }
}

package org.eagerae.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eagerae.InvalidInputException;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;
import org.eagerae.data.ImageSource;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunManifest;
import org.eagerae.io.Npy;
import org.eagerae.models.Embedder;
import org.eagerae.models.InputFormat;
import org.eagerae.models.MemberEncoders;
import org.eagerae.models.ModelStore;
import org.eagerae.models.Parallelism;
import org.eagerae.models.SavedModel;
import org.eagerae.predict.FeatureExport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eagerae features}: exports encoder activations as NumPy arrays. */
@Command(name = "features", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {"Writes the encoders' activations as a NumPy .npy file.",
            "",
            "Writes a float32 array of shape (images, features): the members' encoders at --epoch, stacked in member order,"
                + " or the encoders of a saved --model. The images are a split of the run's data, whose labels go to"
                + " FILE.labels.npy (int32), or new --images, read as predict reads them.",
            "",
            "Reads: the run folder, and --images if given. Writes: --out and, for a split, FILE.labels.npy."},
        footerHeading = "%nExamples:%n",
        footer = {"  eagerae features --run runs/ens --epoch 3 --split train --out train.npy",
            "  eagerae features --run runs/ens --model stacked-epoch-003 --images scans/ \\",
            "      --out scans.npy"})
final class FeaturesCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Encoders encoders;

    /** Whose encoders. */
    static final class Encoders {
        @Option(names = "--epoch", converter = OptionValues.AtLeastZero.class, description = "Every member's checkpoint after this epoch; 0: their initial weights.")
        Integer epoch;

        @Option(names = "--model", description = "The encoders of a saved model (fine-tuned ones for fine-tune models; a raw-pixels model's features are the pixels).")
        String model;
    }

    @ArgGroup(exclusive = true)
    Images inputs;

    /** Which images. */
    static final class Images {
        @Option(names = "--split", converter = SplitName.class, completionCandidates = SplitNames.class, description = "train, val or test of the run's data (default: test).")
        Split split;

        @Option(names = "--images", description = "A folder of PNG/JPEG images, an image file, an IDX image file or a CIFAR-10 binary file.")
        Path images;
    }

    /** The part of the run's data to export. */
    enum Split { TRAIN, VAL, TEST }

    /** The names of the splits, for shell completion. */
    static final class SplitNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("train", "val", "test").iterator();
        }
    }

    /** Reads {@code train}, {@code val} or {@code test}. */
    static final class SplitName implements picocli.CommandLine.ITypeConverter<Split> {
        @Override
        public Split convert(String value) {
            try {
                return Split.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of train, val, test");
            }
        }
    }

    @Option(names = "--out", required = true, description = "The .npy file to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace the output files if they exist.")
    boolean overwrite;

    private Parallelism parallelism;

    @Override
    public Integer call() {
        if (!out.getFileName().toString().endsWith(".npy") || java.nio.file.Files.isDirectory(out)) {
            throw new InvalidInputException("--out must name a .npy file, got " + out);
        }
        OutputFiles.requireNew(out, overwrite);
        RunDirectory dir = RunDirectory.open(run);
        RunManifest manifest = dir.readManifest();
        parallelism = encoders.model != null ? Parallelism.forModel(ModelStore.of(dir).manifest(encoders.model), EngineSetup.cores())
                : Parallelism.sequential(EngineSetup.cores());
        EngineSetup.configure(parallelism.intraOpThreads());
        if (inputs != null && inputs.images != null) {
            try (Embedder embedder = embedder(dir, manifest)) {
                InputFormat in = embedder.input();
                ImageSource source = ImageSource.open(inputs.images, in.channels(), in.height(), in.width());
                source.requireNotRead(out);
                try (CountProgress progress = CountProgress.forConsole("features", source.size())) {
                    FeatureExport.write(embedder, source, out, progress);
                }
                System.out.printf("wrote %s (%d x %d float32) for %s%n", out, source.size(), embedder.embeddingSize(), source.describe());
            }
            return 0;
        }
        Path labels = labelsFile();
        OutputFiles.requireNew(labels, overwrite);
        ImageDataset images = split(manifest.spec().data().load());
        int columns;
        try (Embedder embedder = embedder(dir, manifest);
                CountProgress progress = CountProgress.forConsole("features", images.size())) {
            columns = embedder.embeddingSize();
            FeatureExport.write(embedder, ImageSource.of(images, "the run's split"), out, progress);
        }
        Npy.write(labels, images.labels(), images.size());
        System.out.printf("wrote %s (%d x %d float32) and %s%n", out, images.size(), columns, labels);
        return 0;
    }

    private Embedder embedder(RunDirectory dir, RunManifest manifest) {
        if (encoders.model != null) {
            return SavedModel.load(dir, encoders.model, parallelism.memberThreads());
        }
        List<CheckpointChoice> choices = new CheckpointSelection.Epoch(encoders.epoch).choose(dir);
        CheckpointChoice.requirePresent(choices);
        return new MemberEncoders(manifest.spec().model(), choices);
    }

    private ImageDataset split(DataSplit data) {
        Split split = inputs == null || inputs.split == null ? Split.TEST : inputs.split;
        return switch (split) {
            case TRAIN -> data.train();
            case VAL -> data.validation();
            case TEST -> data.test();
        };
    }

    private Path labelsFile() {
        String name = out.getFileName().toString();
        return out.resolveSibling(name.substring(0, name.length() - 4) + ".labels.npy");
    }
}

package org.eagerae.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eagerae.InvalidInputException;
import org.eagerae.classify.EncoderFeatures;
import org.eagerae.classify.FeatureMatrix;
import org.eagerae.classify.NpyWriter;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;
import org.eagerae.ensemble.CheckpointChoice;
import org.eagerae.ensemble.RunDirectory;
import org.eagerae.ensemble.RunManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eagerae features}: exports encoder activations as NumPy arrays. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Writes the members' encoder activations (stacked in member order) as a float32 .npy file of",
                "shape (images, features), and the labels as FILE.labels.npy (int32)."})
final class FeaturesCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @Option(names = "--epoch", converter = OptionValues.AtLeastOne.class, required = true, description = "Every member's checkpoint after this epoch.")
    int epoch;

    /** The part of the data to export. */
    enum Split { TRAIN, VAL, TEST }

    @Option(names = "--split", defaultValue = "test", converter = SplitName.class,
            description = "train, val or test (default: ${DEFAULT-VALUE}).")
    Split split;

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

    @Override
    public Integer call() {
        if (!out.getFileName().toString().endsWith(".npy") || Files.isDirectory(out)) {
            throw new InvalidInputException("--out must name a .npy file, got " + out);
        }
        EngineSetup.configure(EngineSetup.cores());
        RunDirectory dir = RunDirectory.open(run);
        RunManifest manifest = dir.readManifest();
        List<CheckpointChoice> choices = CheckpointChoice.forEpoch(dir, epoch);
        CheckpointFiles.requirePresent(choices);
        DataSplit data = manifest.spec().data().load();
        ImageDataset images = switch (split) {
            case TRAIN -> data.train();
            case VAL -> data.validation();
            case TEST -> data.test();
        };
        List<FeatureMatrix> parts = new ArrayList<>();
        for (CheckpointChoice c : choices) {
            parts.add(EncoderFeatures.extract(manifest.spec().model(), c.checkpoint(), images));
        }
        FeatureMatrix stacked = FeatureMatrix.stack(parts);
        NpyWriter.write(out, stacked);
        String name = out.getFileName().toString();
        Path labels = out.resolveSibling(name.substring(0, name.length() - 4) + ".labels.npy");
        NpyWriter.write(labels, images.labels());
        System.out.printf("wrote %s (%d x %d float32) and %s%n", out, stacked.rows(), stacked.cols(), labels);
        return 0;
    }
}

package org.eagerae.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eagerae.data.ImageSource;
import org.eagerae.run.RunDirectory;
import org.eagerae.io.AtomicFiles;
import org.eagerae.models.InputFormat;
import org.eagerae.models.ModelManifest;
import org.eagerae.models.ModelStore;
import org.eagerae.models.Parallelism;
import org.eagerae.models.SavedModel;
import org.eagerae.predict.BatchPrediction;
import org.eagerae.predict.OutputFormat;
import org.eagerae.predict.PredictionTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eagerae predict}: applies a saved model to new images. */
@Command(name = "predict", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {"Classifies images with a saved model.",
            "",
            "Applies a saved model of a run (see eagerae models) to images and writes one row per image: its path (or"
                + " index), the predicted class and one probability per class, or the --top K classes.",
            "",
            "Reads: --images. Writes: --out, as CSV or JSON Lines."},
        footerHeading = "%nExamples:%n",
        footer = {"  eagerae predict --run runs/ens --model soft-vote-epoch-003 \\",
            "      --images scans/ --out predictions.csv",
            "  eagerae predict --run runs/ens --model stacked-epoch-003 \\",
            "      --images t10k-images-idx3-ubyte --out top2.jsonl --format jsonl --top 2"})
final class PredictCommand implements Callable<Integer> {

    /** The formats of --out, for shell completion. */
    static final class Formats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of("csv", "jsonl").iterator();
        }
    }

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @Option(names = "--model", required = true, description = "The saved model's name, e.g. soft-vote-epoch-005.")
    String model;

    @Option(names = "--images", required = true, description = "A folder of PNG/JPEG images (searched recursively; converted to"
            + " the model's shape as --dataset folder loads them; names that start with a dot are ignored, other files that are"
            + " not images refused), one image file, an IDX image file or a CIFAR-10 binary file.")
    Path images;

    @Option(names = "--out", required = true, description = "The file to write.")
    Path out;

    @Option(names = "--format", defaultValue = "csv", completionCandidates = PredictCommand.Formats.class, description = "csv or jsonl (one JSON object per line) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--top", paramLabel = "K", converter = OptionValues.AtLeastOne.class,
            description = "Write the K most probable classes (K >= 1) instead of every class's probability (the default).")
    Integer top;

    @Option(names = "--overwrite", description = "Replace --out if it exists (never one of the images read).")
    boolean overwrite;

    @Option(names = "--threads", converter = OptionValues.AtLeastOne.class, description = "Threads in all (default: cores): the"
            + " model's members side by side, as many as there are threads, and the rest within each engine call; at most 4 per"
            + " core, and more than the cores only with a warning.")
    Integer threads;

    @Override
    public Integer call() {
        OutputFormat outputFormat = OutputFormat.of(format);
        OutputFiles.requireNew(out, overwrite);
        RunDirectory dir = RunDirectory.open(run);
        ModelManifest manifest = ModelStore.of(dir).manifest(model);
        Parallelism parallelism = Parallelism.forModel(manifest, threads != null ? threads : EngineSetup.cores());
        EngineSetup.configure(parallelism.intraOpThreads());
        PredictionTable table = new PredictionTable(outputFormat, manifest.classes(), top != null ? top : 0);
        InputFormat in = manifest.input();
        ImageSource source = ImageSource.open(images, in.channels(), in.height(), in.width());
        source.requireNotRead(out);
        System.out.printf("predicting %s with %s (%s, test accuracy %.2f%%)%n", source.describe(), model, manifest.method(),
                100 * manifest.testAccuracy());
        long start = System.nanoTime();
        try (SavedModel saved = SavedModel.load(dir, model, parallelism.memberThreads()); CountProgress progress = CountProgress.forConsole("predict", source.size())) {
            AtomicFiles.write(out, stream -> BatchPrediction.run(saved, source, table, stream, progress));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "wrote %s: %d images in %.1f s (%.0f images/s)%n", out, source.size(), seconds, source.size() / seconds);
        return 0;
    }
}

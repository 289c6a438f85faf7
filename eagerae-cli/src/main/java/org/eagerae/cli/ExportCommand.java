package org.eagerae.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eagerae.InvalidInputException;
import org.eagerae.run.RunDirectory;
import org.eagerae.models.ModelExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eagerae export}: a saved model's weights for PyTorch. */
@Command(name = "export", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {"Writes a saved model's weights as safetensors.",
            "",
            "Writes the model's encoders, standardisation statistics and heads under PyTorch state_dict names as a"
                + " .safetensors file, and beside it a .json file that describes the model; bench/check_export.py loads them"
                + " into the plain-PyTorch architecture.",
            "",
            "Reads: the saved model and its members' checkpoints. Writes: --out and the .json file beside it."},
        footerHeading = "%nExamples:%n",
        footer = {"  eagerae export --run runs/ens --model soft-vote-epoch-003",
            "  eagerae export --run runs/ens --model single-m00-epoch-003 \\",
            "      --out exported/m00.safetensors"})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @Option(names = "--model", required = true, description = "The saved model's name.")
    String model;

    @Option(names = "--format", defaultValue = "safetensors", description = "safetensors (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", description = "The .safetensors file (default: MODEL.safetensors in the current folder).")
    Path out;

    @Option(names = "--overwrite", description = "Replace the files if they exist.")
    boolean overwrite;

    @Override
    public Integer call() {
        EngineSetup.configure(1);
        if (!format.equals("safetensors")) {
            throw new InvalidInputException("unknown --format '" + format + "'; eagerae exports safetensors");
        }
        Path file = out != null ? out : Path.of(model + ".safetensors");
        if (!file.getFileName().toString().endsWith(".safetensors")) {
            throw new InvalidInputException("--out must name a .safetensors file, got " + file);
        }
        OutputFiles.requireNew(file, overwrite);
        OutputFiles.requireNew(ModelExport.descriptionFile(file), overwrite);
        ModelExport.Description d = ModelExport.write(RunDirectory.open(run), model, file);
        System.out.printf("wrote %s (%d tensors) and %s%n", file, d.tensors().size(), ModelExport.descriptionFile(file));
        return 0;
    }
}

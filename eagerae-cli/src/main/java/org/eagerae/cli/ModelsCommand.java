package org.eagerae.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eagerae.InvalidInputException;
import org.eagerae.run.RunDirectory;
import org.eagerae.models.ModelManifest;
import org.eagerae.models.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagerae models}: lists the saved models of a run, as a table or as JSON. A model whose {@code model.json} cannot be read does not
 * hide the others: they are listed, and one line on standard error names each unreadable model and why, with exit 2.
 */
@Command(name = "models", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {"Lists a run's saved models and their test accuracy.",
            "",
            "classify saves every classifier it trains as a model; predict, features and export use a model by its name."
                + " A model whose model.json cannot be read is named on standard error (exit code 2); the others are still listed.",
            "",
            "Reads: the run's models/ folder. Writes: nothing; prints a table, or JSON for scripts."},
        footerHeading = "%nExamples:%n",
        footer = {"  eagerae models --run runs/ens",
            "  eagerae models --run runs/ens --format json"})
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @Option(names = "--format", defaultValue = "table", completionCandidates = Listing.Formats.class,
            description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        boolean json = Listing.require(format, Listing.TABLE_OR_JSON).equals("json");
        RunDirectory dir = RunDirectory.open(run);
        ModelStore store = ModelStore.of(dir);
        List<ModelManifest> models = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (String name : store.names()) {
            try {
                models.add(store.manifest(name));
            } catch (InvalidInputException e) {
                unreadable.add(name + " (" + ErrorLines.oneLine(e.getMessage()) + ")");
            }
        }
        if (json) {
            Listing.printJson(models.stream().map(ModelsCommand::json).toList(), System.out);
        } else if (models.isEmpty() && unreadable.isEmpty()) {
            System.out.println("no saved models in " + dir.root() + "; classify saves them");
        } else if (!models.isEmpty()) {
            ConsoleTable table = new ConsoleTable().left("model").left("method").left("checkpoints").left("member epochs")
                    .left("classifier").right("val acc").right("test acc");
            for (ModelManifest m : models) {
                table.row(m.name(), m.method(), m.selection(), memberEpochs(m), classifier(m) + " seed " + m.classifier().seed(),
                        m.validationAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * m.validationAccuracy()),
                        String.format(Locale.ROOT, "%.2f%%", 100 * m.testAccuracy()));
            }
            table.print(System.out);
        }
        if (unreadable.isEmpty()) {
            return 0;
        }
        System.out.flush();
        command.commandLine().getErr().println("eagerae: error: " + unreadable.size() + " of " + (models.size() + unreadable.size())
                + " saved models cannot be read: " + String.join("; ", unreadable));
        command.commandLine().getErr().flush();
        return ErrorLines.BAD_INPUT;
    }

    /** {@code logistic} or {@code mlp256}. */
    private static String classifier(ModelManifest m) {
        return m.classifier().hidden() == 0 ? "logistic" : "mlp" + m.classifier().hidden();
    }

    private static List<Integer> memberEpochs(ModelManifest m) {
        return m.checkpoints().stream().map(ModelManifest.Source::epoch).toList();
    }

    /** A model as {@code --format json} lists it. */
    private static Map<String, Object> json(ModelManifest m) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", m.name());
        item.put("method", m.method().label());
        item.put("checkpoints", m.selection().label());
        item.put("memberEpochs", memberEpochs(m));
        item.put("classifier", classifier(m));
        item.put("seed", m.classifier().seed());
        item.put("testAccuracy", m.testAccuracy());
        item.put("testImages", m.testImages());
        item.put("createdAt", m.createdAt());
        return item;
    }
}

package org.eagerae.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * {@code eagerae models}: lists the saved models of a run. A model whose {@code model.json} cannot be read does not
 * hide the others: they are listed, and one line on standard error names each unreadable model and why, with exit 2.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Lists the models saved in a run (classify saves every classifier it trains) with their test accuracy.",
                "A model whose model.json cannot be read is named on standard error (exit 2); the others are listed."})
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
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
        if (models.isEmpty() && unreadable.isEmpty()) {
            System.out.println("no saved models in " + dir.root() + "; classify saves them");
            return 0;
        }
        int width = Math.max(16, models.stream().mapToInt(m -> m.selection().label().length()).max().orElse(0));
        if (!models.isEmpty()) {
            System.out.printf("%-36s %-14s %-" + width + "s %-14s %-12s %9s%n", "model", "method", "checkpoints", "member epochs", "classifier",
                    "test acc");
        }
        for (ModelManifest m : models) {
            String classifier = m.classifier().hidden() == 0 ? "logistic" : "mlp" + m.classifier().hidden();
            System.out.printf(Locale.ROOT, "%-36s %-14s %-" + width + "s %-14s %-12s %8.2f%%%n", m.name(), m.method(), m.selection(),
                    m.checkpoints().stream().map(ModelManifest.Source::epoch).toList(), classifier + " seed" + m.classifier().seed(),
                    100 * m.testAccuracy());
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
}

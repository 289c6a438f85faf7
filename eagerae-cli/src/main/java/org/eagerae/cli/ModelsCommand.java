package org.eagerae.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eagerae.run.RunDirectory;
import org.eagerae.models.ModelManifest;
import org.eagerae.models.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eagerae models}: lists the saved models of a run. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Lists the models saved in a run (classify saves every classifier it trains) with their test accuracy.")
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @Override
    public Integer call() {
        RunDirectory dir = RunDirectory.open(run);
        List<ModelManifest> models = ModelStore.of(dir).list();
        if (models.isEmpty()) {
            System.out.println("no saved models in " + dir.root() + "; classify saves them");
            return 0;
        }
        System.out.printf("%-36s %-14s %-16s %-14s %-12s %9s%n", "model", "method", "checkpoints", "member epochs", "classifier", "test acc");
        for (ModelManifest m : models) {
            String classifier = m.classifier().hidden() == 0 ? "logistic" : "mlp" + m.classifier().hidden();
            System.out.printf(Locale.ROOT, "%-36s %-14s %-16s %-14s %-12s %8.2f%%%n", m.name(), m.method(), m.selection(),
                    m.checkpoints().stream().map(ModelManifest.Source::epoch).toList(), classifier + " seed" + m.classifier().seed(),
                    100 * m.testAccuracy());
        }
        return 0;
    }
}

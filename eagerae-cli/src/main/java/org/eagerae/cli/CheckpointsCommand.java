package org.eagerae.cli;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eagerae checkpoints}: picks each member's checkpoint that fits a time budget, as a table, CSV or JSON. */
@Command(name = "checkpoints", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {"Lists each member's checkpoint that fits a time budget.",
            "",
            "For each member of a run: the latest checkpoint whose training time (elapsed_seconds in metrics.csv) is within"
                + " --budget seconds, or its initial weights (epoch 0) if its first epoch took longer. This is the paper's"
                + " \"pick an older model\" at equal wall-clock time, and the choice classify --budget makes.",
            "",
            "Reads: the run's metrics.csv. Writes: nothing; prints a table, CSV or JSON."},
        footerHeading = "%nExamples:%n",
        footer = {"  eagerae checkpoints --run runs/ens --budget 20",
            "  eagerae checkpoints --run runs/ens --budget 20 --format json"})
final class CheckpointsCommand implements Callable<Integer> {

    /** The formats this command prints. */
    static final List<String> FORMATS = List.of("table", "csv", "json");

    /** {@link #FORMATS}, for help and shell completion. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return FORMATS.iterator();
        }
    }

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @Option(names = "--budget", paramLabel = "<budget>", converter = OptionValues.Positive.class, required = true,
            description = "Training seconds allowed per member.")
    double budgetSeconds;

    @Option(names = "--format", defaultValue = "table", completionCandidates = Formats.class,
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        String chosen = Listing.require(format, FORMATS);
        List<CheckpointChoice> choices = new CheckpointSelection.Budget(budgetSeconds).choose(RunDirectory.open(run));
        switch (chosen) {
            case "csv" -> {
                System.out.println("member,epoch,elapsed_seconds,val_loss,checkpoint");
                choices.forEach(c -> System.out.println(c.toCsv()));
            }
            case "json" -> Listing.printJson(choices.stream().map(CheckpointsCommand::json).toList(), System.out);
            default -> {
                ConsoleTable table = new ConsoleTable().right("member").right("epoch").right("elapsed s").right("val loss").left("checkpoint");
                for (CheckpointChoice c : choices) {
                    table.row(c.record().member(), c.record().epoch(), String.format(Locale.ROOT, "%.3f", c.record().elapsedSeconds()),
                            Double.isNaN(c.record().valLoss()) ? "-" : String.format(Locale.ROOT, "%.6f", c.record().valLoss()),
                            c.checkpoint());
                }
                table.print(System.out);
            }
        }
        return 0;
    }

    /** A member's choice as {@code --format json} lists it. */
    private static Map<String, Object> json(CheckpointChoice c) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("member", c.record().member());
        item.put("epoch", c.record().epoch());
        item.put("elapsedSeconds", c.record().elapsedSeconds());
        item.put("valLoss", Double.isNaN(c.record().valLoss()) ? null : c.record().valLoss()); // epoch 0 was never validated
        item.put("checkpoint", c.checkpoint().toString());
        return item;
    }
}

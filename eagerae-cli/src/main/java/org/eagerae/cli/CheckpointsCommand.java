package org.eagerae.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eagerae checkpoints}: picks each member's checkpoint that fits a time budget. */
@Command(name = "checkpoints", mixinStandardHelpOptions = true,
        description = "For each member, the latest checkpoint whose elapsed training time fits the budget (the paper's 'pick an older model').")
final class CheckpointsCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder.")
    Path run;

    @Option(names = "--budget", paramLabel = "<budget>", converter = OptionValues.Positive.class, required = true, description = "Training seconds allowed per member.")
    double budgetSeconds;

    @Override
    public Integer call() {
        RunDirectory dir = RunDirectory.open(run);
        System.out.println("member,epoch,elapsed_seconds,val_loss,checkpoint");
        for (CheckpointChoice c : new CheckpointSelection.Budget(budgetSeconds).choose(dir)) {
            System.out.println(c.toCsv());
        }
        return 0;
    }
}

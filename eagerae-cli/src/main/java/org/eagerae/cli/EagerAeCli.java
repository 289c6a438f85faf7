package org.eagerae.cli;

import org.eagerae.run.Environment;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The {@code eagerae} command: fetch data, train eager autoencoder ensembles, classify with their
 * encoders, apply and export the saved models, run the paper's experiment and benchmarks. Exit codes:
 * 0 ok, 1 failure, 2 bad usage or bad input; every error is one line on standard error (see {@link ErrorLines}).
 */
@Command(name = "eagerae",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = EagerAeCli.Version.class,
        description = {"Eager training of convolutional autoencoder ensembles in parallel.",
            "",
            "Trains K small convolutional autoencoders at once, stops them early, and turns their encoders into features for"
                + " classifiers. A typical use: train a run, classify with its encoders, list the saved models, predict new images."},
        footerHeading = "%nExamples:%n",
        footer = {"  eagerae train --preset mnist-small --members 5 --epochs 10 --out runs/ens",
            "  eagerae classify --run runs/ens --epoch 3 --method all",
            "  eagerae models --run runs/ens",
            "  eagerae COMMAND --help",
            "",
            "Exit codes: 0 success, 1 failure, 2 bad usage or bad input (each error is one line on standard error)."},
        subcommands = {FetchCommand.class, TrainCommand.class, CheckpointsCommand.class, ClassifyCommand.class, ModelsCommand.class,
            PredictCommand.class, FeaturesCommand.class, ExportCommand.class, ExperimentCommand.class, ReportCommand.class, BenchCommand.class,
            AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class EagerAeCli {

    /** Exit code for bad usage or bad input. */
    public static final int BAD_INPUT = ErrorLines.BAD_INPUT;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (used by tests too). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        cli.setExecutionExceptionHandler(ErrorLines::execution);
        cli.setParameterExceptionHandler(ErrorLines::usage);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return ErrorLines.report(e, cli.getErr());
        }
    }

    /**
     * The command line with every subcommand, in the house style of its help: a summary sentence, then the
     * description's paragraphs, the options under a heading, examples last; wrapped at the terminal's width.
     * The help and completion reference generated from it ({@link CommandReference}) reads this model too.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new EagerAeCli());
        // picocli's own subcommands, in the voice of the others
        UsageMessageSpec help = cli.getSubcommands().get("help").getCommandSpec().usageMessage();
        help.header(new String[0]);
        help.synopsisHeading("Usage: ");
        help.description("Prints the help of eagerae or of one of its commands.", "",
                "eagerae help COMMAND prints what eagerae COMMAND --help prints.");
        UsageMessageSpec completion = cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage();
        completion.description("Prints a completion script for bash and zsh.", "",
                "The script completes eagerae's commands, options and option values. Load it into the current shell (the"
                        + " first example), or save it and have your shell's startup file load it (the other two).");
        completion.footerHeading("%nExamples:%n");
        completion.footer("  source <(eagerae generate-completion)",
                "  eagerae generate-completion > ~/.eagerae-completion",
                "  echo 'source ~/.eagerae-completion' >> ~/.bashrc");
        houseStyle(cli.getCommandSpec());
        cli.setUsageHelpAutoWidth(true);
        return cli;
    }

    /** The headings of every command's help. */
    private static void houseStyle(CommandSpec command) {
        UsageMessageSpec usage = command.usageMessage();
        usage.descriptionHeading("%n");
        usage.parameterListHeading("%nParameters:%n");
        usage.optionListHeading("%nOptions:%n");
        usage.commandListHeading("%nCommands:%n");
        command.subcommands().values().forEach(sub -> houseStyle(sub.getCommandSpec()));
    }

    /** Prints the versions of eagerae and the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"eagerae " + Environment.eageraeVersion(),
                    "Java " + System.getProperty("java.version") + ", DJL 0.36.0 with PyTorch 2.7.1 (CPU)"};
        }
    }
}

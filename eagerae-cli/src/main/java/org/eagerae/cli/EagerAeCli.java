package org.eagerae.cli;

import org.eagerae.run.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code eagerae} command: fetch data, train eager autoencoder ensembles, classify with their
 * encoders, apply and export the saved models, run the paper's experiment and benchmarks. Exit codes:
 * 0 ok, 1 failure, 2 bad usage or bad input; every error is one line on standard error (see {@link ErrorLines}).
 */
@Command(name = "eagerae",
        mixinStandardHelpOptions = true,
        versionProvider = EagerAeCli.Version.class,
        description = "Eager training of convolutional autoencoder ensembles in parallel.",
        subcommands = {FetchCommand.class, TrainCommand.class, CheckpointsCommand.class, ClassifyCommand.class, ModelsCommand.class,
            PredictCommand.class, FeaturesCommand.class, ExportCommand.class, ExperimentCommand.class, ReportCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class EagerAeCli {

    /** Exit code for bad usage or bad input. */
    public static final int BAD_INPUT = ErrorLines.BAD_INPUT;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (used by tests too). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new EagerAeCli());
        cli.setExecutionExceptionHandler(ErrorLines::execution);
        cli.setParameterExceptionHandler(ErrorLines::usage);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return ErrorLines.report(e, cli.getErr());
        }
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

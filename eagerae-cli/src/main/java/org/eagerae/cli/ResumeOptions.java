package org.eagerae.cli;

import java.util.List;
import java.util.Set;
import org.eagerae.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code --resume} accepts: a run or an experiment continues with the settings it stored, so only the options that
 * say how this invocation runs (where, on how many workers) may be given with it; an option that would change the numbers
 * is refused by name rather than silently ignored.
 */
final class ResumeOptions {

    /** The options that say how an invocation runs, not what it computes. */
    private static final Set<String> EXECUTION_OPTIONS = Set.of("--backend", "--workers", "--out", "--resume", "--spark-master",
            "--spark-storage", "--spark-conf");

    private ResumeOptions() {}

    /**
     * @param command  the command as parsed
     * @param settings the file that holds the stored settings, for the message (e.g. {@code the run's run.json})
     * @throws InvalidInputException naming every option given that decides the numbers
     */
    static void refuseOptionsThatDecideTheNumbers(CommandSpec command, String settings) {
        List<String> given = command.commandLine().getParseResult().matchedOptions().stream()
                .filter(option -> !EXECUTION_OPTIONS.contains(option.longestName()))
                .map(option -> option.negatable() ? "--[no-]" + option.longestName().substring(2) : option.longestName())
                .distinct()
                .toList();
        if (!given.isEmpty()) {
            throw new InvalidInputException("--resume continues with the settings in " + settings + "; leave out " + String.join(", ", given)
                    + " (they decide the numbers; only --backend, --workers and the Spark options may change)");
        }
    }
}

package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code eagerae --help} and every command's: a one-sentence summary, lines that fit the terminal, wrapping at its width. */
class HelpTest {

    /** Every command, the top-level {@code eagerae} first. */
    private static List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>();
        collect(EagerAeCli.commandLine().getCommandSpec(), all);
        return all;
    }

    private static void collect(CommandSpec command, List<CommandSpec> all) {
        all.add(command);
        command.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), all));
    }

    /** What {@code eagerae ARGS} prints at a terminal {@code width} columns wide, and its exit code. */
    private static String run(int width, List<String> args) {
        CommandLine cli = EagerAeCli.commandLine();
        cli.setUsageHelpAutoWidth(false); // the tests' own terminal, if any, must not decide the width
        cli.setUsageHelpWidth(width);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args.toArray(String[]::new))).as(String.join(" ", args)).isZero();
        return out.toString();
    }

    /** The arguments before {@code --help} that name a command: {@code [bench, layers]}. */
    private static List<String> path(CommandSpec command) {
        List<String> names = new ArrayList<>();
        for (CommandSpec c = command; c.parent() != null; c = c.parent()) {
            names.add(0, c.name());
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void everyCommandsHelpFitsTheWidthAndOpensWithOneSentence(int width) {
        List<CommandSpec> commands = commands();
        assertThat(commands).extracting(CommandSpec::qualifiedName).contains("eagerae", "eagerae train", "eagerae classify",
                "eagerae models", "eagerae bench layers", "eagerae generate-completion", "eagerae help");
        for (CommandSpec command : commands) {
            List<String> args = new ArrayList<>(path(command));
            args.add("--help");
            String help = run(width, args);
            String summary = CommandReference.summary(command);
            assertThat(summary).as("summary of %s", command.qualifiedName())
                    .matches("[A-Z][^\\n]*\\.")              // a capital, one line, a full stop
                    .doesNotContainPattern("[.;:!?]\\s+\\S"); // one sentence: nothing after its stops
            assertThat(help.lines()).as("%s at %d columns:%n%s", command.qualifiedName(), width, help)
                    .contains(summary)
                    .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(width));
            for (CommandLine sub : command.subcommands().values()) {
                // the list of commands shows each summary whole, on one line
                assertThat(help.lines()).as("%s lists %s", command.qualifiedName(), sub.getCommandName())
                        .anyMatch(line -> line.matches("  " + sub.getCommandName() + " +\\Q" + CommandReference.summary(sub.getCommandSpec()) + "\\E"));
            }
        }
    }

    @Test
    void theTopLevelHelpListsEveryCommandWithItsWholeSummary() {
        String help = run(80, List.of("--help"));
        assertThat(help).contains("  train                Trains an autoencoder or an ensemble into a run folder.\n")
                .contains("  generate-completion  Prints a completion script for bash and zsh.\n")
                .doesNotContain("folder:\n");
        assertThat(run(80, List.of("help", "train"))).isEqualTo(run(80, List.of("train", "--help")));
    }

    @Test
    void everyCommandWrapsAtTheTerminalsWidthAndHasOptionsUnderAHeading() {
        for (CommandSpec command : commands()) {
            assertThat(command.usageMessage().autoWidth()).as(command.qualifiedName()).isTrue();
            assertThat(command.usageMessage().optionListHeading()).as(command.qualifiedName()).isEqualTo("%nOptions:%n");
        }
    }

    @Test
    void longOptionDescriptionsWrapInTheirColumn() {
        String help = run(80, List.of("train", "--help"));
        List<String> lines = help.lines().toList();
        int threads = lines.indexOf(lines.stream().filter(l -> l.startsWith("      --threads=")).findFirst().orElseThrow());
        // the description continues on indented lines under its column, never back at the margin
        assertThat(lines.get(threads + 1)).startsWith(" ".repeat(29)).doesNotStartWith(" ".repeat(33));
        assertThat(help).contains("\n\nExamples:\n  eagerae train --preset mnist-small --epochs 10 --out runs/mono\n");
    }
}

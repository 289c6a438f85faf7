package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The script of {@code eagerae generate-completion}, loaded into a real bash and asked what it completes. */
class CompletionTest {

    @TempDir
    static Path tmp;

    static Path script;

    @BeforeAll
    static void generateTheScript() throws Exception {
        CommandLine cli = EagerAeCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("generate-completion")).isZero();
        script = Files.writeString(tmp.resolve("eagerae-completion.bash"), out.toString());
    }

    /** What bash offers for the last word of {@code words} (the command line typed so far, cursor at its end). */
    private static List<String> complete(String... words) throws Exception {
        Assumptions.assumeTrue(new File("/bin/bash").canExecute(), "no bash here");
        String line = String.join(" ", words);
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append("'");
        }
        String program = "source \"$1\"\n"
                + "COMP_WORDS=(" + array + " )\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + line + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + "_complete_eagerae eagerae '" + words[words.length - 1] + "' '" + words[words.length - 2] + "'\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process bash = new ProcessBuilder("/bin/bash", "-c", program, "bash", script.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD) // compopt says it runs outside a real completion
                .start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(out).isZero();
        return out.lines().filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void commandsCompleteFromTheirFirstLetters() throws Exception {
        assertThat(complete("eagerae", "cla")).containsExactly("classify");
        assertThat(complete("eagerae", "ch")).containsExactly("checkpoints");
        assertThat(complete("eagerae", "bench", "la")).containsExactly("layers");
    }

    @Test
    void optionsAndTheirValuesComplete() throws Exception {
        assertThat(complete("eagerae", "classify", "--meth")).containsExactly("--method");
        assertThat(complete("eagerae", "classify", "--method", "s")).containsExactlyInAnyOrder("single", "stacked", "soft-vote", "spread", "spread-vote", "semi-supervised");
        assertThat(complete("eagerae", "models", "--format", "")).containsExactlyInAnyOrder("table", "json");
        assertThat(complete("eagerae", "fetch", "")).containsExactlyInAnyOrder("mnist", "fashion-mnist", "cifar10");
        assertThat(complete("eagerae", "experiment", "--preset", "c")).containsExactlyInAnyOrder("cifar10", "cifar10-all");
        assertThat(complete("eagerae", "experiment", "--preset", "l")).containsExactly("labels-quick");
        assertThat(complete("eagerae", "train", "--preset", "l")).isEmpty(); // the quick label study is not a split
        assertThat(complete("eagerae", "classify", "--fine-tune-augmentation", "")).containsExactlyInAnyOrder("shift-and-turn", "none");
    }

    @Test
    void theScriptServesZshToo() throws Exception {
        assertThat(Files.readString(script)).contains("ZSH_VERSION", "bashcompinit")
                .contains("complete -F _complete_eagerae -o default eagerae");
    }
}

package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command reference in {@code docs/reference/} is what {@link CommandReference} writes from the code now:
 * the test writes the current one into {@code target/reference/} and compares it with the committed copy.
 */
class CommandReferenceTest {

    /** Surefire runs in the module's folder. */
    private static final Path COMMITTED = Path.of("..", "docs", "reference");
    private static final Path WRITTEN = Path.of("target", "reference");

    @Test
    void theCommittedReferenceIsWhatTheCommandLineSaysNow() throws Exception {
        CommandReference.main(new String[] {WRITTEN.toString()});
        Map<String, String> now = read(WRITTEN);
        assertThat(now).containsKeys("eagerae.adoc", "eagerae-train.adoc", "eagerae-bench-layers.adoc", "eagerae-generate-completion.adoc");
        assertThat(read(COMMITTED))
                .as("docs/reference/ differs from what the commands define now; refresh it from the run of this test with:"
                        + " rm docs/reference/*.adoc && cp eagerae-cli/target/reference/*.adoc docs/reference/")
                .isEqualTo(now);
    }

    @Test
    void theIndexLinksEveryCommandAndTheReadmeLinksTheIndex() throws Exception {
        Map<String, String> pages = CommandReference.pages();
        String index = pages.get("eagerae.adoc");
        for (String command : EagerAeCli.commandLine().getSubcommands().keySet()) {
            assertThat(pages).containsKey("eagerae-" + command + ".adoc");
            assertThat(index).contains("link:eagerae-" + command + ".adoc[`" + command + "`]::\n");
        }
        assertThat(pages.get("eagerae-bench.adoc")).contains("link:eagerae-bench-layers.adoc[`layers`]::\nTimes each layer of a training step.");
        assertThat(pages.get("eagerae-classify.adoc")).contains("== Synopsis", "== Description", "== Options", "== Examples",
                "`+--method=<method>+`::\nsingle, stacked, soft-vote, hard-vote, raw-pixels or all of them; the controls raw-pixels-vote"
                        + " and head-vote, or controls (soft-vote with both); the semi-supervised spread, spread-vote and"
                        + " raw-pixels-spread, which learn from labels spread to the training images outside a label budget and a"
                        + " run's unlabelled images too, or semi-supervised (all three); several with commas (default: all).");
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("docs/reference/eagerae.adoc");
    }

    private static Map<String, String> read(Path folder) throws Exception {
        Map<String, String> pages = new TreeMap<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".adoc")).toList()) {
                    pages.put(f.getFileName().toString(), Files.readString(f));
                }
            }
        }
        return pages;
    }
}

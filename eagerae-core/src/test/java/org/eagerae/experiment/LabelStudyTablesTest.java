package org.eagerae.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.classify.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study run in parts put together: its tables from two results files, as docs/RESULTS.md shows them. */
class LabelStudyTablesTest {

    /** A by-epoch row with a budget of {@code perClass} labels per class (0 = every label). */
    private static ResultRow row(int repeat, String model, Method method, int epoch, double accuracy, int perClass) {
        return new ResultRow(repeat, model, method, Selection.EPOCH, epoch, 1, accuracy, 0.5, 0.5, null, accuracy, perClass, "ab", 600, 0);
    }

    private static Path write(Path file, List<ResultRow> rows) throws Exception {
        StringBuilder text = new StringBuilder(ResultRow.CSV_HEADER).append('\n');
        rows.forEach(r -> text.append(r.toCsv()).append('\n'));
        return Files.writeString(file, text);
    }

    @Test
    void twoFilesAreOneStudyWithTheirRepeatsCountedApart(@TempDir Path dir) throws Exception {
        // file 1: repeat 1; file 2: its repeats 1 and 2 are the study's 2 and 3
        List<ResultRow> first = new ArrayList<>(List.of(
                row(1, "ensemble", Method.SOFT_VOTE, 1, 0.50, 10), row(1, "ensemble", Method.SOFT_VOTE, 3, 0.60, 10),
                row(1, "monolithic", Method.SINGLE, 3, 0.55, 10)));
        List<ResultRow> second = List.of(
                row(1, "ensemble", Method.SOFT_VOTE, 3, 0.62, 10), row(1, "monolithic", Method.SINGLE, 3, 0.58, 10),
                row(2, "ensemble", Method.SOFT_VOTE, 3, 0.70, 10), row(2, "monolithic", Method.SINGLE, 3, 0.71, 10),
                row(2, "ensemble", Method.SOFT_VOTE, 3, 0.90, 0));
        String md = LabelStudyTables.markdown(List.of(write(dir.resolve("a.csv"), first), write(dir.resolve("b.csv"), second)));

        assertThat(md).startsWith("Test accuracy (%), mean \u00b1 sd over n = 3 repeats");
        assertThat(md).contains("| method | 10 labels per class | every label |");
        // the soft vote at its last epoch in each repeat: 60, 62, 70 (epoch 1's 50 is not the value): mean 64, sd 5.29
        assertThat(md).contains("| ensemble: soft vote | 64.00 \u00b1 5.29 | 90.00 (1 of 3 repeats) |");
        assertThat(md).contains("| monolithic | 61.33 \u00b1 8.50 |  |");
        // paired per repeat, in the files' order
        assertThat(md).contains("| ensemble: soft vote minus monolithic | +5.00 / +4.00 / -1.00 |  |");
        assertThat(md).doesNotContain("raw pixels"); // no results, no line: neither a series nor a pair
    }

    @Test
    void aRepeatWithoutBothSidesOfAPairIsMarkedInItsPlace(@TempDir Path dir) throws Exception {
        // repeats 2 and 5 in one file: the study's 1 and 2 (numbers kept in order); the monolithic model missing in repeat 2's place
        Path file = write(dir.resolve("gaps.csv"), List.of(row(2, "ensemble", Method.SOFT_VOTE, 3, 0.60, 10),
                row(5, "ensemble", Method.SOFT_VOTE, 3, 0.70, 10), row(5, "monolithic", Method.SINGLE, 3, 0.66, 10)));
        String md = LabelStudyTables.markdown(List.of(file));
        assertThat(md).contains("n = 2 repeats", "| monolithic | 66.00 (1 of 2 repeats) |", "| ensemble: soft vote minus monolithic | \u2013 / +4.00 |");
    }

    @Test
    void refusesAMissingFileAndBudgetsOfTwoKinds(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> LabelStudyTables.markdown(List.of(dir.resolve("none.csv"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("none.csv: no such results file");
        Path perClass = write(dir.resolve("per-class.csv"), List.of(row(1, "ensemble", Method.SOFT_VOTE, 3, 0.6, 10)));
        Path inAll = write(dir.resolve("in-all.csv"), List.of(new ResultRow(1, "ensemble", Method.SOFT_VOTE, Selection.EPOCH, 3, 1, 0.6,
                0.5, 0.5, null, 0.6, 0, "ab", 600, 100)));
        assertThatThrownBy(() -> LabelStudyTables.markdown(List.of(perClass, inAll)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("per class and in all");
        assertThat(LabelStudyTables.markdown(List.of(inAll))).contains("| method | 100 labels in all |");
        assertThatThrownBy(() -> LabelStudyTables.markdown(List.of(inAll, inAll)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("in-all.csv: given twice");
        Path broken = Files.writeString(dir.resolve("broken.csv"), ResultRow.CSV_HEADER + "\n1,ensemble,soft-vote\n");
        assertThatThrownBy(() -> LabelStudyTables.markdown(List.of(broken)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("broken.csv: not a results file: results row needs 19 fields");
    }
}

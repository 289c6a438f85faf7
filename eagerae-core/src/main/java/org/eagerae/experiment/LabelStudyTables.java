package org.eagerae.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidInputException;

/**
 * The label-efficiency study's tables in Markdown, for docs/RESULTS.md, from the results files
 * ({@code results.csv}) of one or more experiments with label budgets. A study run in parts (for example
 * {@code --seed 1 --repeats 1}, then {@code --seed 2 --repeats 2}) is one study: each file's repeats are counted apart, in
 * the order of the files. The series, the value of a series in a repeat and the paired comparisons are the report's
 * ({@link LabelCurve}).
 */
public final class LabelStudyTables {

    private LabelStudyTables() {
    }

    /**
     * The tables of the study in {@code resultsFiles}.
     *
     * @throws InvalidInputException when a file is missing, given twice, unreadable, has a row that is not a result or has no
     *                               results, or when the files count their budgets both per class and in all
     */
    public static String markdown(List<Path> resultsFiles) {
        List<ResultRow> rows = new ArrayList<>();
        int repeatsSoFar = 0;
        for (Path file : resultsFiles) {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(file + ": no such results file");
            }
            if (resultsFiles.stream().filter(file::equals).count() > 1) {
                throw new InvalidInputException(file + ": given twice; each results file holds its own repeats");
            }
            List<ResultRow> fileRows;
            try {
                fileRows = ResultRow.readAll(file);
            } catch (RuntimeException e) {
                throw new InvalidInputException(file + ": not a results file: " + e.getMessage());
            }
            if (fileRows.isEmpty()) {
                throw new InvalidInputException(file + ": holds no results");
            }
            int offset = repeatsSoFar;
            fileRows.forEach(r -> rows.add(r.withRepeat(offset + r.repeat())));
            repeatsSoFar += fileRows.stream().mapToInt(ResultRow::repeat).max().orElseThrow();
        }
        List<LabelAmount> budgets = rows.stream().map(ResultRow::budget).distinct().toList();
        boolean inAll = budgets.stream().anyMatch(b -> b.labelsInAll() > 0);
        if (inAll && budgets.stream().anyMatch(b -> b.labelsPerClass() > 0)) {
            throw new InvalidInputException(resultsFiles + ": budgets per class and in all are two curves; put together files of one");
        }
        long repeats = rows.stream().map(ResultRow::repeat).distinct().count();
        return new LabelCurve(rows, budgets, inAll, repeats).markdown();
    }
}

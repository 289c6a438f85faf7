package org.eagerae.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A table printed on the terminal: a header row and rows of cells, every column as wide as its widest
 * cell (header included) and two spaces between columns. Text columns are aligned left, numbers right;
 * the last column is not padded, so no line ends in spaces.
 */
final class ConsoleTable {

    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> rightAligned = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    /** Adds a column aligned left (text). */
    ConsoleTable left(String header) {
        return column(header, false);
    }

    /** Adds a column aligned right (numbers). */
    ConsoleTable right(String header) {
        return column(header, true);
    }

    private ConsoleTable column(String header, boolean right) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("columns come before rows");
        }
        headers.add(header);
        rightAligned.add(right);
        return this;
    }

    /** Adds a row, one cell per column ({@code String.valueOf} of each). */
    ConsoleTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /** The table's lines, the header first. */
    List<String> lines() {
        int[] widths = new int[headers.size()];
        for (List<String> row : allRows()) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : allRows()) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String cell = row.get(c);
                String padding = " ".repeat(widths[c] - cell.length());
                if (c > 0) {
                    line.append("  ");
                }
                line.append(rightAligned.get(c) ? padding + cell : cell + padding);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** Prints the table, a line per row. */
    void print(PrintStream out) {
        lines().forEach(out::println);
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        return all;
    }
}

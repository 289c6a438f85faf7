import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eagerae.classify.Method;
import org.eagerae.experiment.LabelAmount;
import org.eagerae.experiment.ResultRow;
import org.eagerae.experiment.Selection;

/**
 * Prints the label-efficiency study's tables in Markdown, as docs/RESULTS.md shows them, from the {@code results.csv} of one or
 * more experiments: test accuracy per method and budget, mean ± sd over every repeat of every file (a study run in parts, e.g.
 * {@code --seed 1 --repeats 1} and {@code --seed 2 --repeats 2}, is one study), and the paired differences per repeat. A
 * method's value in a repeat is its by-epoch result at the last epoch classified with that budget, or at epoch 0 for the
 * series at the initial weights, as in the experiment's report. The study's own results files are kept in docs/results/.
 *
 * <pre>
 * java -cp eagerae-core/target/classes scripts/StudyTables.java docs/results/labels-cifar10-seed1.csv ...
 * </pre>
 */
public final class StudyTables {

    /** One line of the table: a model's method, at its last epoch or at the initial weights. */
    record Series(String name, String model, Method method, boolean initialWeights) {}

    static final List<Series> SERIES = List.of(
            new Series("ensemble: soft vote", "ensemble", Method.SOFT_VOTE, false),
            new Series("ensemble: hard vote", "ensemble", Method.HARD_VOTE, false),
            new Series("ensemble: stacked", "ensemble", Method.STACKED, false),
            new Series("ensemble: single member (mean)", "ensemble", Method.SINGLE, false),
            new Series("ensemble at its initial weights: soft vote (untrained)", "ensemble", Method.SOFT_VOTE, true),
            new Series("ensemble: vote of fine-tuned members", "ensemble", Method.FINE_TUNE_VOTE, false),
            new Series("the same network from scratch: vote of 5", "ensemble", Method.FINE_TUNE_VOTE, true),
            new Series("ensemble: spread vote (semi-supervised)", "ensemble", Method.SPREAD_VOTE, false),
            new Series("monolithic", "monolithic", Method.SINGLE, false),
            new Series("monolithic: vote of K heads", "monolithic", Method.HEAD_VOTE, false),
            new Series("raw pixels (no encoder)", "pixels", Method.RAW_PIXELS, false),
            new Series("raw pixels: vote of K seeds", "pixels", Method.RAW_PIXELS_VOTE, false),
            new Series("raw pixels: spread (semi-supervised)", "pixels", Method.RAW_PIXELS_SPREAD, false));

    /** The paired differences: the first series minus the second (indices into {@link #SERIES}). */
    static final List<Object[]> PAIRS = List.of(
            new Object[] {"soft vote minus monolithic", 0, 8},
            new Object[] {"soft vote minus raw pixels' vote", 0, 11},
            new Object[] {"untrained encoders' vote minus trained", 4, 0},
            new Object[] {"from scratch minus fine-tuned (votes)", 6, 5},
            new Object[] {"spread vote minus pixels spread", 7, 12},
            new Object[] {"spread vote minus soft vote", 7, 0},
            new Object[] {"spread vote minus from scratch", 7, 6});

    /** A repeat of one of the files. */
    record Repeat(int file, int repeat) {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java -cp eagerae-core/target/classes scripts/StudyTables.java RESULTS_CSV...");
            System.exit(2);
        }
        List<List<ResultRow>> files = new ArrayList<>();
        for (String file : args) {
            files.add(Files.readAllLines(Path.of(file)).stream().filter(l -> !l.isBlank() && !l.startsWith("repeat"))
                    .map(ResultRow::fromCsv).filter(r -> r.selection() == Selection.EPOCH).toList());
        }
        List<Repeat> repeats = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            int file = f;
            files.get(f).stream().map(ResultRow::repeat).distinct().sorted().forEach(r -> repeats.add(new Repeat(file, r)));
        }
        List<LabelAmount> budgets = files.stream().flatMap(List::stream).map(ResultRow::budget).distinct()
                .sorted(Comparator.comparingInt(b -> b.everyLabel() ? Integer.MAX_VALUE : b.labels())).toList();
        StringBuilder header = new StringBuilder("| method |");
        StringBuilder rule = new StringBuilder("|---|");
        budgets.forEach(b -> {
            header.append(' ').append(b.describe()).append(" |");
            rule.append("---|");
        });
        System.out.println("n = " + repeats.size() + " repeats\n\n" + header + "\n" + rule);
        for (int s = 0; s < SERIES.size(); s++) {
            StringBuilder line = new StringBuilder("| " + SERIES.get(s).name() + " |");
            for (LabelAmount budget : budgets) {
                List<Double> values = new ArrayList<>();
                for (Repeat r : repeats) {
                    value(files, s, budget, r).ifPresent(values::add);
                }
                line.append(' ').append(meanSd(values)).append(" |");
            }
            System.out.println(line);
        }
        System.out.println("\nPaired differences per repeat (points)\n\n" + header.toString().replace("| method |", "| comparison |") + "\n" + rule);
        for (Object[] pair : PAIRS) {
            StringBuilder line = new StringBuilder("| " + pair[0] + " |");
            for (LabelAmount budget : budgets) {
                List<String> differences = new ArrayList<>();
                for (Repeat r : repeats) {
                    Optional<Double> a = value(files, (Integer) pair[1], budget, r);
                    Optional<Double> b = value(files, (Integer) pair[2], budget, r);
                    if (a.isPresent() && b.isPresent()) {
                        differences.add(String.format(Locale.ROOT, "%+.2f", a.get() - b.get()));
                    }
                }
                line.append(' ').append(String.join(" / ", differences)).append(" |");
            }
            System.out.println(line);
        }
    }

    /** A series' test accuracy (%) in a repeat under a budget, if it has one. */
    static Optional<Double> value(List<List<ResultRow>> files, int series, LabelAmount budget, Repeat repeat) {
        Series s = SERIES.get(series);
        return files.get(repeat.file()).stream()
                .filter(r -> r.repeat() == repeat.repeat() && r.model().equals(s.model()) && r.method() == s.method()
                        && r.budget().equals(budget) && (!s.initialWeights() || r.epoch() == 0))
                .max(Comparator.comparingInt(ResultRow::epoch)).map(r -> 100 * r.accuracy());
    }

    static String meanSd(List<Double> values) {
        if (values.isEmpty()) {
            return "";
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        if (values.size() == 1) {
            return String.format(Locale.ROOT, "%.2f", mean);
        }
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return String.format(Locale.ROOT, "%.2f ± %.2f", mean, Math.sqrt(squares / (values.size() - 1)));
    }
}

package org.eagerae.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.eagerae.classify.LabelBudget;
import org.eagerae.classify.Method;
import org.eagerae.report.Charts;

/**
 * The label-efficiency part of the report ({@link ExperimentConfig#labelBudgets}): per label budget, each method's test
 * accuracy and balanced accuracy over repeats; the ensemble's soft vote against the monolithic model and against raw pixels,
 * paired by repeat; and the figure of test accuracy against labels per class (or in all, as the budgets count). A method's value in a repeat is its by-epoch
 * result at the last epoch it was classified at with that budget (the ensemble's last evaluated epoch, the monolithic model's;
 * epoch 0 for raw pixels), which for every label (budget 0) are the protocol's own results.
 */
final class LabelCurve {

    private static final ReportSeries SOFT_VOTE = ReportSeries.of(Experiment.ENSEMBLE, Method.SOFT_VOTE, "ensemble: soft vote");
    private static final ReportSeries MONOLITHIC = ReportSeries.of(Experiment.MONOLITHIC, Method.SINGLE, "monolithic");
    private static final ReportSeries RAW_PIXELS = ReportSeries.of(Experiment.PIXELS, Method.RAW_PIXELS, "raw pixels (no encoder)");
    private static final ReportSeries RAW_PIXELS_VOTE = ReportSeries.of(Experiment.PIXELS, Experiment.PIXELS_CONTROL, "raw pixels: vote of K seeds");
    private static final ReportSeries SPREAD_VOTE = ReportSeries.of(Experiment.ENSEMBLE, Method.SPREAD_VOTE,
            "ensemble: spread vote (semi-supervised)");
    private static final ReportSeries UNTRAINED_VOTE = ReportSeries.atInitialWeights(Experiment.ENSEMBLE, Method.SOFT_VOTE,
            "ensemble at its initial weights: soft vote (untrained)");
    private static final ReportSeries RAW_PIXELS_SPREAD = ReportSeries.of(Experiment.PIXELS, Method.RAW_PIXELS_SPREAD,
            "raw pixels: spread (semi-supervised)");
    private static final ReportSeries FINE_TUNED_VOTE = ReportSeries.of(Experiment.ENSEMBLE, Method.FINE_TUNE_VOTE,
            "ensemble: vote of fine-tuned members");
    /** Fine-tuning from the initial weights: the same network trained from scratch on the labels, no autoencoder. */
    private static final ReportSeries SCRATCH_VOTE = ReportSeries.atInitialWeights(Experiment.ENSEMBLE, Method.FINE_TUNE_VOTE,
            "the same network trained from scratch: vote");

    /** The curve's series, in the order of its tables and figure. */
    static final List<ReportSeries> SERIES = List.of(SOFT_VOTE,
            ReportSeries.of(Experiment.ENSEMBLE, Method.HARD_VOTE, "ensemble: hard vote"),
            ReportSeries.of(Experiment.ENSEMBLE, Method.STACKED, "ensemble: stacked"),
            ReportSeries.of(Experiment.ENSEMBLE, Method.SINGLE, "ensemble: single member (mean)"),
            UNTRAINED_VOTE,
            MONOLITHIC,
            ReportSeries.of(Experiment.MONOLITHIC, Experiment.MONOLITHIC_CONTROL, "monolithic: vote of K heads"),
            ReportSeries.of(Experiment.ENSEMBLE, Method.FINE_TUNE, "ensemble: fine-tuned member (mean)"),
            FINE_TUNED_VOTE,
            SCRATCH_VOTE,
            SPREAD_VOTE,
            ReportSeries.of(Experiment.ENSEMBLE, Method.SPREAD, "ensemble: spread, single member (mean)"),
            RAW_PIXELS,
            RAW_PIXELS_VOTE,
            RAW_PIXELS_SPREAD);

    /** The paired comparisons: each pair's first series minus its second, per budget. */
    private static final List<List<ReportSeries>> PAIRS = List.of(List.of(SOFT_VOTE, MONOLITHIC), List.of(SOFT_VOTE, RAW_PIXELS),
            List.of(SOFT_VOTE, RAW_PIXELS_VOTE), List.of(SOFT_VOTE, UNTRAINED_VOTE), List.of(SPREAD_VOTE, RAW_PIXELS_SPREAD),
            List.of(SPREAD_VOTE, SOFT_VOTE), List.of(FINE_TUNED_VOTE, SCRATCH_VOTE), List.of(SPREAD_VOTE, SCRATCH_VOTE));

    private final List<ResultRow> rows;
    private final List<LabelAmount> budgets;
    private final boolean inAll;
    private final long repeats;

    /**
     * @param rows    every result row of the experiment, of every budget
     * @param budgets the experiment's budgets, all per class or all in all, and every label
     * @param inAll   whether the budgets count labels in all ({@link ExperimentConfig#countsLabelsInAll})
     * @param repeats the repeats with results, the tables' n
     */
    LabelCurve(List<ResultRow> rows, List<LabelAmount> budgets, boolean inAll, long repeats) {
        this.rows = rows;
        this.budgets = budgets.stream().sorted(Comparator.comparingInt(b -> b.everyLabel() ? Integer.MAX_VALUE : b.labels())).toList();
        this.inAll = inAll;
        this.repeats = repeats;
    }

    /** The budgets in the curve's order: the fewest labels first, every label last. */
    List<LabelAmount> budgets() {
        return budgets;
    }

    /** Whether the budgets count labels in all rather than per class. */
    boolean countsInAll() {
        return inAll;
    }

    /** What the curve's axis counts: {@code labels per class} or {@code labels in all}. */
    String axis() {
        return inAll ? "labels in all" : "labels per class";
    }

    /**
     * A series' value in each repeat under a budget: its by-epoch row at the last epoch classified with that budget in that
     * repeat, or at epoch 0 for a series at the initial weights ({@link ReportSeries#initialWeights}); repeats without one are
     * left out.
     */
    Map<Integer, Double> byRepeat(ReportSeries series, LabelAmount budget, ToDoubleFunction<ResultRow> value) {
        Map<Integer, ResultRow> last = new TreeMap<>();
        for (ResultRow r : rows) {
            if (r.budget().equals(budget) && r.selection() == Selection.EPOCH && series.matches(r)
                    && (!series.initialWeights() || r.epoch() == 0)
                    && (!last.containsKey(r.repeat()) || r.epoch() > last.get(r.repeat()).epoch())) {
                last.put(r.repeat(), r);
            }
        }
        Map<Integer, Double> out = new TreeMap<>();
        last.forEach((repeat, r) -> {
            double v = value.applyAsDouble(r);
            if (!Double.isNaN(v)) {
                out.put(repeat, v);
            }
        });
        return out;
    }

    private Stats stats(ReportSeries series, LabelAmount budget, ToDoubleFunction<ResultRow> value) {
        return Stats.of(List.copyOf(byRepeat(series, budget, value).values()));
    }

    private static double accuracy(ResultRow r) {
        return 100 * r.accuracy();
    }

    private static double balanced(ResultRow r) {
        return 100 * r.balancedAccuracy();
    }


    /** The report's section: what was done, a table per budget, and the paired comparisons. */
    String html() {
        StringBuilder h = new StringBuilder("<h2>Label efficiency: test accuracy against " + axis() + "</h2>\n<p>The autoencoders of each"
                + " repeat learnt from every training image; only the classifiers were limited to a budget of labelled images "
                + (inAll ? "in all, shared among the classes in their proportions (at least two each)" : "per class")
                + ", drawn with the repeat's seed (" + Math.round(100 * (1 - LabelBudget.VALIDATION_SHARE)) + " % of each class's labels"
                + " train the classifiers, " + Math.round(100 * LabelBudget.VALIDATION_SHARE) + " % early-stop them; the"
                + " validation split is not read), so that the ensemble, the monolithic model and raw pixels learn from the same"
                + " labelled images in a repeat. Every label means the protocol's own split. Balanced accuracy is the mean of the"
                + " per-class test accuracies. The ensemble is classified at its last evaluated epoch, the monolithic model at its"
                + " own.</p>\n");
        for (LabelAmount budget : budgets) {
            StringBuilder t = new StringBuilder("<div class=\"table\"><table><caption>With ").append(budget.describe()).append(": ")
                    .append(repeats > 1 ? "mean &plusmn; sd over repeats (n = " + repeats + ")" : "one repeat (n = 1), so no spread")
                    .append("</caption><tr><th>method</th><th>test accuracy (%)</th><th>balanced accuracy (%)</th></tr>\n");
            boolean any = false;
            for (ReportSeries s : SERIES) {
                Stats acc = stats(s, budget, LabelCurve::accuracy);
                if (acc.n() == 0) {
                    continue;
                }
                any = true;
                Stats bal = stats(s, budget, LabelCurve::balanced);
                t.append("<tr><td>").append(ExperimentReport.esc(s.name())).append("</td><td>").append(cell(acc)).append("</td><td>")
                        .append(bal.n() == 0 ? "" : cell(bal)).append("</td></tr>\n");
            }
            if (any) {
                h.append(t).append("</table></div>\n");
            }
        }
        return h.append(pairedTable()).toString();
    }

    /**
     * The curve as Markdown, for docs/RESULTS.md: each series' test accuracy per budget (mean &plusmn; sd over the repeats, the
     * value alone when there is one, "(k of n repeats)" after a value that k repeats of n have), then each pair's difference in every
     * repeat (points, the first series minus the second, the repeats in order, "–" for a repeat without both), so that a
     * reader sees whether a lead holds in each. A series or pair without results is left out.
     */
    String markdown() {
        StringBuilder columns = new StringBuilder();
        StringBuilder rule = new StringBuilder("|---|");
        for (LabelAmount budget : budgets) {
            columns.append(' ').append(budget.describe()).append(" |");
            rule.append("---|");
        }
        StringBuilder md = new StringBuilder("Test accuracy (%), " + (repeats > 1 ? "mean ± sd over n = " + repeats + " repeats"
                : "one repeat (n = 1)") + "\n\n| method |" + columns + "\n" + rule + "\n");
        for (ReportSeries s : SERIES) {
            List<Stats> cells = budgets.stream().map(b -> stats(s, b, LabelCurve::accuracy)).toList();
            if (cells.stream().anyMatch(c -> c.n() > 0)) {
                md.append("| ").append(s.name()).append(" |");
                cells.forEach(c -> md.append(' ').append(c.n() == 0 ? "" : cellText(c)).append(" |"));
                md.append('\n');
            }
        }
        md.append("\nPaired differences (points), one per repeat\n\n| comparison |").append(columns).append('\n').append(rule).append('\n');
        List<Integer> repeatNumbers = rows.stream().map(ResultRow::repeat).distinct().sorted().toList();
        for (List<ReportSeries> pair : PAIRS) {
            List<String> cells = new ArrayList<>();
            for (LabelAmount budget : budgets) {
                Map<Integer, Double> first = byRepeat(pair.get(0), budget, LabelCurve::accuracy);
                Map<Integer, Double> second = byRepeat(pair.get(1), budget, LabelCurve::accuracy);
                boolean any = first.keySet().stream().anyMatch(second::containsKey);
                cells.add(!any ? "" : repeatNumbers.stream().map(r -> first.containsKey(r) && second.containsKey(r)
                        ? String.format(Locale.ROOT, "%+.2f", first.get(r) - second.get(r)) : "–").collect(Collectors.joining(" / ")));
            }
            if (cells.stream().anyMatch(c -> !c.isEmpty())) {
                md.append("| ").append(pair.get(0).name()).append(" minus ").append(pair.get(1).name()).append(" |");
                cells.forEach(c -> md.append(' ').append(c).append(" |"));
                md.append('\n');
            }
        }
        return md.toString();
    }

    /**
     * The summary's lines, one per budget: the method with the highest mean test accuracy, and how far it is ahead of the best
     * method that uses no trained autoencoder ({@link ReportSeries#usesNoTrainedAutoencoder}), paired by repeat; or, when that method
     * is the best, that it is.
     */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (LabelAmount budget : budgets) {
            ReportSeries best = null;
            Stats bestStats = null;
            ReportSeries baseline = null;
            Stats baselineStats = null;
            for (ReportSeries series : SERIES) {
                Stats st = stats(series, budget, LabelCurve::accuracy);
                if (st.n() == 0) {
                    continue;
                }
                if (bestStats == null || st.mean() > bestStats.mean()) {
                    best = series;
                    bestStats = st;
                }
                if (series.usesNoTrainedAutoencoder() && (baselineStats == null || st.mean() > baselineStats.mean())) {
                    baseline = series;
                    baselineStats = st;
                }
            }
            if (best == null) {
                continue;
            }
            StringBuilder line = new StringBuilder("With " + budget.describe() + ": highest mean is " + best.name() + " with "
                    + bestStats.format("%.2f", " %"));
            if (best.usesNoTrainedAutoencoder()) {
                line.append(", which uses no trained autoencoder");
            } else if (baseline != null) {
                PairedComparison vs = PairedComparison.of(byRepeat(best, budget, LabelCurve::accuracy), byRepeat(baseline, budget,
                        LabelCurve::accuracy));
                line.append("; against the best without a trained autoencoder, ").append(baseline.name()).append(": ")
                        .append(vs.describe(" points"));
            }
            lines.add(line.append('.').toString());
        }
        return lines;
    }

    private String cell(Stats x) {
        return ExperimentReport.esc(cellText(x));
    }

    /** A table cell's value: mean &plusmn; sd, and how many repeats have it when not all do. */
    private String cellText(Stats x) {
        return x.format("%.2f") + (x.n() < repeats ? " (" + x.n() + " of " + repeats + " repeats)" : "");
    }

    /**
     * The soft vote against the monolithic model, raw pixels, their vote and the untrained encoders' vote, the ensemble's spread
     * vote against spreading on pixels and against the soft vote, the fine-tuned members' vote and the spread vote against the
     * same network trained from scratch, per budget ({@link #PAIRS}): Holm's correction across the table.
     */
    private String pairedTable() {
        List<PairedComparison> cells = new ArrayList<>();
        for (LabelAmount budget : budgets) {
            PAIRS.forEach(p -> cells.add(PairedComparison.of(byRepeat(p.get(0), budget, LabelCurve::accuracy),
                    byRepeat(p.get(1), budget, LabelCurve::accuracy))));
        }
        double[] adjusted = Holm.adjust(cells.stream().mapToDouble(PairedComparison::pValue).toArray());
        long tests = java.util.Arrays.stream(adjusted).filter(p -> !Double.isNaN(p)).count();
        StringBuilder t = new StringBuilder("<p>Paired by repeat, as the other comparisons: one method's test accuracy minus the"
                + " other's with the same labelled images (points); the semi-supervised methods run with a budget only.</p>\n"
                + "<div class=\"table\"><table><caption>Method &minus; method (points), by label budget: ")
                .append(repeats > 1 ? "mean difference [95 % confidence interval, Student t] over repeats paired by seed (n = " + repeats
                        + "); * and bold: Holm-adjusted p &lt; 0.05 (paired t-test, Holm across the " + tests + " cells of this table)"
                        : "one repeat (n = 1), so no interval and no test")
                .append("</caption><tr><th>labels</th>");
        PAIRS.forEach(p -> t.append("<th>").append(ExperimentReport.esc(p.get(0).name())).append(" &minus; ")
                .append(ExperimentReport.esc(p.get(1).name())).append("</th>"));
        t.append("</tr>\n");
        int i = 0;
        for (LabelAmount budget : budgets) {
            t.append("<tr><td>").append(budget.describe()).append("</td>");
            for (int k = 0; k < PAIRS.size(); k++, i++) {
                boolean marked = adjusted[i] < 0.05;
                String text = ExperimentReport.esc(cells.get(i).describe("", marked ? "*" : ""));
                t.append("<td>").append(marked ? "<strong>" + text + "</strong>" : text).append("</td>");
            }
            t.append("</tr>\n");
        }
        return t.append("</table></div>\n").toString();
    }

    /**
     * Draws test accuracy against labels per class (or in all) on a logarithmic axis, a line per method, the mean over repeats
     * with the standard deviation as error bars when every point has more than one repeat, the baselines without a trained
     * autoencoder dashed; every label is drawn at {@code allLabels}, the labelled images of the whole training and validation
     * split (per class, or in all, as the axis counts).
     */
    String figure(Path png, double allLabels) {
        List<Charts.Series> series = new ArrayList<>();
        int colour = 0;
        for (ReportSeries s : SERIES) {
            List<Double> x = new ArrayList<>();
            List<Stats> y = new ArrayList<>();
            for (LabelAmount budget : budgets) {
                Stats st = stats(s, budget, LabelCurve::accuracy);
                if (st.n() > 0) {
                    x.add(budget.everyLabel() ? allLabels : budget.labels());
                    y.add(st);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            boolean spread = y.stream().allMatch(st -> st.n() > 1);
            series.add(new Charts.Series(s.name(), x.stream().mapToDouble(Double::doubleValue).toArray(),
                    y.stream().mapToDouble(Stats::mean).toArray(), spread ? y.stream().mapToDouble(Stats::sd).toArray() : null,
                    s.usesNoTrainedAutoencoder(), Charts.palette(colour++)));
        }
        Charts.line(png, (repeats > 1 ? "Test accuracy (%) against " + axis() + ", mean and sd over n = " + repeats + " repeats"
                        : "Test accuracy (%) against " + axis() + ", one repeat (n = 1)"),
                String.format(Locale.ROOT, "labelled images %s (log scale; every label = %.0f)", inAll ? "in all" : "per class", allLabels),
                "test accuracy (%)",
                true, false, series);
        return png.getFileName().toString();
    }
}

package org.eagerae.experiment;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eagerae.data.ImageDataset;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.Method;
import org.eagerae.ensemble.ProbeReplay;
import org.eagerae.run.Execution;
import org.eagerae.run.RunManifest;
import org.eagerae.io.AtomicFiles;
import org.eagerae.report.Charts;
import org.eagerae.report.ReconstructionGrid;
import org.eagerae.train.EpochRecord;

/**
 * Draws the experiment's figures (the paper's 4, 6, 8 and 9, and accuracy against wall-clock
 * time) from the files of an experiment folder and writes a self-contained {@code report.html}
 * (figures embedded) plus every figure as PNG. Numbers are means and standard deviations over repeats;
 * each table states n once, in its caption, and the page fits a phone's width (a wide table scrolls in
 * its own box).
 */
public final class ExperimentReport {

    private static final ReportSeries MONOLITHIC = ReportSeries.of(Experiment.MONOLITHIC, Method.SINGLE, "monolithic");
    private static final ReportSeries SINGLE = ReportSeries.of(Experiment.ENSEMBLE, Method.SINGLE, "ensemble: single member (mean)");
    private static final ReportSeries STACKED = ReportSeries.of(Experiment.ENSEMBLE, Method.STACKED, "ensemble: stacked");
    private static final ReportSeries SOFT_VOTE = ReportSeries.of(Experiment.ENSEMBLE, Method.SOFT_VOTE, "ensemble: soft vote");
    /** The baseline's series: the classifier on the images' pixels, recorded once per repeat (at epoch 0). */
    private static final ReportSeries RAW_PIXELS = ReportSeries.of(Experiment.PIXELS, Method.RAW_PIXELS, "raw pixels (no encoder)");
    /** The series of the accuracy figures, in their order. */
    private static final List<ReportSeries> SERIES = List.of(MONOLITHIC, SINGLE, STACKED, SOFT_VOTE,
            ReportSeries.of(Experiment.ENSEMBLE, Method.HARD_VOTE, "ensemble: hard vote"), RAW_PIXELS);
    private static final ReportSeries PIXELS_VOTE = ReportSeries.of(Experiment.PIXELS, Experiment.PIXELS_CONTROL,
            "control: raw pixels, vote of K seeds");
    private static final ReportSeries HEAD_VOTE = ReportSeries.of(Experiment.MONOLITHIC, Experiment.MONOLITHIC_CONTROL,
            "control: monolithic, vote of K heads");
    private static final ReportSeries FINE_TUNED_VOTE = ReportSeries.of(Experiment.ENSEMBLE, Method.FINE_TUNE_VOTE, "ensemble: fine-tuned, soft vote");
    /**
     * The controls' series, and fine-tuning's (from the last epoch; at epoch 0 the same network from scratch): rows of the
     * by-epoch table and of "What causes the gain", not of the figures or the other comparisons.
     */
    private static final List<ReportSeries> CONTROLS = List.of(PIXELS_VOTE, HEAD_VOTE,
            ReportSeries.of(Experiment.ENSEMBLE, Method.FINE_TUNE, "ensemble: fine-tuned (mean member)"), FINE_TUNED_VOTE);

    /** The family-wise level at which a paired comparison's cell is marked, after Holm's correction across its table. */
    private static final double ALPHA = 0.05;

    private final ExperimentLayout layout;
    private final ExperimentConfig config;
    /** The results with every label: the protocol's; a label budget's are the label curve's alone. */
    private final List<ResultRow> results;
    /** The label-efficiency curve, when the experiment has label budgets. */
    private final java.util.Optional<LabelCurve> labelCurve;

    public ExperimentReport(ExperimentLayout layout) {
        this.layout = layout;
        this.config = layout.readConfig();
        List<ResultRow> all = layout.readResults();
        this.results = all.stream().filter(r -> r.budget().everyLabel()).toList();
        this.labelCurve = config.labelBudgets().isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new LabelCurve(all, config.labelBudgets(), config.countsLabelsInAll(), repeatsDone()));
    }

    /** Writes the figures and {@code report.html}; returns the report's path. */
    public Path write() {
        Path fig = layout.figures();
        List<String> figures = new ArrayList<>();
        RunDirectory mono = RunDirectory.open(layout.run(1, Experiment.MONOLITHIC));
        RunDirectory ens = RunDirectory.open(layout.run(1, Experiment.ENSEMBLE));
        figures.add(timing(fig.resolve("fig4-timing.png"), mono, ens));
        figures.addAll(reconstructions(fig, mono, ens));
        figures.add(losses(fig.resolve("fig8-9-reconstruction-loss.png"), mono, ens));
        figures.add(accuracyByEpoch(fig.resolve("fig8-9-accuracy-by-epoch.png")));
        figures.add(accuracyByTime(fig.resolve("accuracy-vs-wall-clock.png")));
        figures.add(diversityByEpoch(fig.resolve("diversity-by-epoch.png")));
        if (results.stream().anyMatch(r -> r.selection() == Selection.AUTO && r.repeat() == 1)) {
            figures.add(autoByEpoch(fig.resolve("stopped-by-the-probe.png"), mono, ens));
        }
        if (labelCurve.isPresent()) {
            org.eagerae.data.DataSplit split = mono.readManifest().spec().data().load();
            LabelCurve curve = labelCurve.get();
            double all = split.train().size() + split.validation().size();
            boolean perClass = !curve.countsInAll();
            figures.add(curve.figure(fig.resolve(perClass ? "accuracy-vs-labels-per-class.png" : "accuracy-vs-labels-in-all.png"),
                    perClass ? all / split.train().classes() : all));
        }
        Path html = layout.report();
        AtomicFiles.writeString(html, html(figures, mono.readManifest(), ens.readManifest()));
        return html;
    }

    private String timing(Path png, RunDirectory mono, RunDirectory ens) {
        List<String> lanes = new ArrayList<>(List.of("monolithic"));
        List<Charts.Bar> bars = new ArrayList<>();
        double monoEnd = last(mono.readMetrics(), 0).elapsedSeconds();
        bars.add(new Charts.Bar("monolithic", "CAE, " + mono.readMetrics().size() + " epochs", 0, monoEnd, new Color(70, 110, 180)));
        double monoClassify = stageSeconds(1, MONOLITHIC);
        bars.add(new Charts.Bar("monolithic", "classifier", monoEnd, monoEnd + monoClassify, new Color(220, 120, 40)));
        RunManifest em = ens.readManifest();
        int workers = Math.min(config.workers(), config.members());
        double[] free = new double[workers];
        for (int w = 0; w < workers; w++) {
            lanes.add("worker " + (w + 1));
        }
        List<EpochRecord> rows = ens.readMetrics();
        for (MemberStatus m : em.members()) {
            int w = 0;
            for (int i = 1; i < workers; i++) {
                if (free[i] < free[w]) {
                    w = i;
                }
            }
            double seconds = last(rows, m.member()).elapsedSeconds();
            bars.add(new Charts.Bar("worker " + (w + 1), String.format("m%02d", m.member()), free[w], free[w] + seconds,
                    new Color(60, 150, 90)));
            free[w] += seconds;
        }
        double ensEnd = java.util.Arrays.stream(free).max().orElse(0);
        lanes.add("stacked classifier");
        bars.add(new Charts.Bar("stacked classifier", "stacked", ensEnd, ensEnd + stageSeconds(1, STACKED),
                new Color(220, 120, 40)));
        Charts.timing(png, "Timing, repeat 1 (measured durations; members placed on the workers in queue order)", lanes, bars);
        return png.getFileName().toString();
    }

    private double stageSeconds(int repeat, ReportSeries series) {
        return results.stream().filter(r -> r.repeat() == repeat && series.matches(r) && r.selection() == Selection.EPOCH)
                .max(java.util.Comparator.comparingInt(ResultRow::epoch))
                .map(ResultRow::classifyingSeconds).orElse(0.0);
    }

    private static EpochRecord last(List<EpochRecord> rows, int member) {
        return rows.stream().filter(r -> r.member() == member).reduce((a, b) -> b).orElseThrow();
    }

    private List<String> reconstructions(Path fig, RunDirectory mono, RunDirectory ens) {
        RunManifest mm = mono.readManifest();
        ImageDataset val = mm.spec().data().load().validation();
        ImageDataset sample = val.head(Math.min(10, val.size()));
        Path a = fig.resolve("fig6-7-reconstructions-monolithic.png");
        ReconstructionGrid.write(mono, mm, 0, ReconstructionGrid.paperEpochs(mm.members().get(0).epochs()), sample, a);
        RunManifest em = ens.readManifest();
        Path b = fig.resolve("fig6-7-reconstructions-ensemble-m00.png");
        ReconstructionGrid.write(ens, em, 0, ReconstructionGrid.paperEpochs(em.members().get(0).epochs()), sample, b);
        return List.of(a.getFileName().toString(), b.getFileName().toString());
    }

    private String losses(Path png, RunDirectory mono, RunDirectory ens) {
        List<Charts.Series> series = new ArrayList<>();
        addLoss(series, "monolithic", mono.readMetrics(), Charts.palette(0));
        Map<Integer, List<EpochRecord>> members = ens.readMetrics().stream()
                .collect(Collectors.groupingBy(EpochRecord::member, TreeMap::new, Collectors.toList()));
        members.forEach((k, rows) -> addLoss(series, String.format("m%02d", k), rows, Charts.palette(k + 1)));
        Charts.line(png, "Reconstruction loss per epoch, repeat 1 (solid: validation, dashed: training)", "epoch",
                "mean squared error per pixel", true, series);
        return png.getFileName().toString();
    }

    private static void addLoss(List<Charts.Series> series, String name, List<EpochRecord> rows, Color color) {
        double[] x = rows.stream().mapToDouble(EpochRecord::epoch).toArray();
        series.add(new Charts.Series(name + " val", x, rows.stream().mapToDouble(EpochRecord::valLoss).toArray(), null, false, color));
        series.add(new Charts.Series(name + " train", x, rows.stream().mapToDouble(EpochRecord::trainLoss).toArray(), null, true, color));
    }

    /** The auto view's series: the ensemble's soft vote and the monolithic model's single classifier. */
    private static final List<ReportSeries> AUTO_SERIES = List.of(SOFT_VOTE, MONOLITHIC);

    /** Per model: stop and chosen epochs, test accuracy and time when stopped by the probe, against the last fixed epoch. */
    private String autoTable() {
        StringBuilder t = new StringBuilder(openTable("Stopped by the probe against a fixed number of epochs"));
        t.append("<tr><th>model</th><th>stop epoch</th><th>chosen epoch</th><th>test accuracy (%)</th><th>time (s)</th>"
                + "<th>fixed: epoch</th><th>fixed: test accuracy (%)</th><th>fixed: time (s)</th></tr>");
        for (ReportSeries series : AUTO_SERIES) {
            List<ResultRow> auto = results.stream().filter(r -> series.matches(r) && r.selection() == Selection.AUTO).toList();
            if (auto.isEmpty()) {
                continue;
            }
            List<Double> stops = new ArrayList<>();
            List<ResultRow> fixed = new ArrayList<>();
            for (ResultRow r : auto) {
                java.nio.file.Path dir = layout.run(r.repeat(), series.model());
                if (RunDirectory.isRun(dir)) {
                    List<org.eagerae.train.ProbeRecord> probe = RunDirectory.open(dir).readProbe();
                    if (probe.size() > 1) {
                        stops.add((double) ProbeReplay.decide(Experiment.AUTO_RULE, probe).stopEpoch());
                    }
                }
                rows(series, Selection.EPOCH).stream().filter(x -> x.repeat() == r.repeat())
                        .max(java.util.Comparator.comparingInt(ResultRow::epoch)).ifPresent(fixed::add);
            }
            t.append("<tr><td>").append(esc(series.name())).append("</td><td>")
                    .append(stops.isEmpty() ? "" : cell(Stats.of(stops), "%.1f")).append("</td><td>")
                    .append(cell(Stats.of(auto.stream().map(r -> (double) r.epoch()).toList()), "%.1f")).append("</td><td>")
                    .append(cell(Stats.of(auto.stream().map(r -> 100 * r.accuracy()).toList()), "%.2f")).append("</td><td>")
                    .append(cell(Stats.of(auto.stream().map(ResultRow::trainSeconds).toList()), "%.1f")).append("</td><td>");
            if (fixed.isEmpty()) {
                t.append("</td><td></td><td></td></tr>");
            } else {
                t.append(cell(Stats.of(fixed.stream().map(r -> (double) r.epoch()).toList()), "%.1f")).append("</td><td>")
                        .append(cell(Stats.of(fixed.stream().map(r -> 100 * r.accuracy()).toList()), "%.2f")).append("</td><td>")
                        .append(cell(Stats.of(fixed.stream().map(ResultRow::trainSeconds).toList()), "%.1f")).append("</td></tr>");
            }
        }
        return t.append("</table></div>\n").toString();
    }

    /**
     * Repeat 1's validation and test accuracy by epoch of the ensemble's soft vote and the monolithic model, at every epoch
     * classified (the runs' {@code classify.json}), each model's epoch chosen when stopped by the probe marked.
     */
    private String autoByEpoch(Path png, RunDirectory mono, RunDirectory ens) {
        List<Charts.Series> series = new ArrayList<>();
        int i = 0;
        for (ReportSeries s : AUTO_SERIES) {
            RunDirectory run = s.model().equals(Experiment.ENSEMBLE) ? ens : mono;
            TreeMap<Integer, ClassificationResult> byEpoch = Experiment.byEpochWithEveryLabel(run, s.method());
            if (byEpoch.isEmpty()) {
                continue;
            }
            double[] x = byEpoch.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            java.awt.Color color = Charts.palette(i++);
            series.add(new Charts.Series(s.name() + " validation", x,
                    byEpoch.values().stream().mapToDouble(r -> 100 * r.validationAccuracy()).toArray(), null, false, color));
            series.add(new Charts.Series(s.name() + " test", x,
                    byEpoch.values().stream().mapToDouble(r -> 100 * r.accuracy()).toArray(), null, true, color));
            results.stream().filter(r -> r.repeat() == 1 && s.matches(r) && r.selection() == Selection.AUTO).findFirst()
                    .filter(r -> byEpoch.containsKey(r.epoch()))
                    .ifPresent(r -> series.add(new Charts.Series(s.name() + ": chosen epoch " + r.epoch(),
                            new double[] {r.epoch(), r.epoch()},
                            new double[] {100 * byEpoch.get(r.epoch()).validationAccuracy(), 100 * r.accuracy()}, null, true, java.awt.Color.BLACK)));
        }
        Charts.line(png, "Repeat 1: validation (solid) and test (dashed) accuracy by epoch", "epoch",
                "accuracy (%)", false, series);
        return png.getFileName().toString();
    }

    private String accuracyByEpoch(Path png) {
        List<Charts.Series> series = new ArrayList<>();
        for (ReportSeries s : SERIES) {
            TreeMap<Integer, Stats> byEpoch = accuracy(s, Selection.EPOCH);
            if (s.equals(RAW_PIXELS)) {
                baseline(series, epochs(Selection.EPOCH).stream().mapToDouble(Integer::doubleValue).toArray());
            } else if (!byEpoch.isEmpty()) {
                boolean spread = byEpoch.values().stream().allMatch(st -> st.n() > 1);
                series.add(new Charts.Series(s.name(), byEpoch.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                        byEpoch.values().stream().mapToDouble(Stats::mean).toArray(),
                        spread ? byEpoch.values().stream().mapToDouble(Stats::sd).toArray() : null, false, null));
            }
        }
        long n = repeatsDone();
        Charts.line(png, n > 1 ? "Test accuracy (%) by epoch, mean and sd over n = " + n + " repeats"
                : "Test accuracy (%) by epoch, one repeat (n = 1)", "epoch", "test accuracy (%)", false, series);
        return png.getFileName().toString();
    }

    private String accuracyByTime(Path png) {
        List<Charts.Series> series = new ArrayList<>();
        for (ReportSeries s : SERIES) {
            TreeMap<Integer, Stats> acc = accuracy(s, Selection.EPOCH);
            TreeMap<Integer, Stats> secs = stats(s, Selection.EPOCH, ResultRow::trainSeconds);
            if (s.equals(RAW_PIXELS)) {
                baseline(series, results.stream().filter(r -> r.selection() == Selection.EPOCH).mapToDouble(ResultRow::trainSeconds).toArray());
            } else if (!acc.isEmpty()) {
                series.add(new Charts.Series(s.name(), secs.values().stream().mapToDouble(Stats::mean).toArray(),
                        acc.values().stream().mapToDouble(Stats::mean).toArray()));
            }
        }
        Charts.line(png, "Test accuracy (%) against wall-clock seconds of autoencoder training", "seconds", "test accuracy (%)",
                false, series);
        return png.getFileName().toString();
    }

    /**
     * The raw-pixels baseline as a dashed level line across {@code x} (from its least to its greatest value), at its mean accuracy:
     * it has no autoencoder, so no epoch or training time of its own. Nothing when it has no result.
     */
    private void baseline(List<Charts.Series> series, double[] x) {
        Stats st = accuracy(RAW_PIXELS, Selection.EPOCH).get(0);
        if (st == null || x.length == 0) {
            return;
        }
        double from = java.util.Arrays.stream(x).min().orElseThrow();
        double to = java.util.Arrays.stream(x).max().orElseThrow();
        series.add(new Charts.Series(RAW_PIXELS.name(), new double[] {from, to}, new double[] {st.mean(), st.mean()}, null, true,
                Color.GRAY));
    }

    private String diversityByEpoch(Path png) {
        TreeMap<Integer, Stats> disagreement = stats(SOFT_VOTE, Selection.EPOCH,
                r -> r.diversity() == null ? Double.NaN : 100 * r.diversity().pairwiseDisagreement());
        TreeMap<Integer, Stats> soft = accuracy(SOFT_VOTE, Selection.EPOCH);
        TreeMap<Integer, Stats> single = accuracy(SINGLE, Selection.EPOCH);
        double[] x = disagreement.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] gain = disagreement.keySet().stream().mapToDouble(e -> soft.get(e).mean() - single.get(e).mean()).toArray();
        Charts.line(png, "Members' disagreement and what the soft vote gains, by epoch", "epoch", "percent / points", false, List.of(
                new Charts.Series("pairwise disagreement of the members' classifiers (%)", x,
                        disagreement.values().stream().mapToDouble(Stats::mean).toArray()),
                new Charts.Series("soft vote minus mean single member (points)", x, gain)));
        return png.getFileName().toString();
    }

    /** Test accuracy in percent per epoch of a series. */
    private TreeMap<Integer, Stats> accuracy(ReportSeries series, Selection selection) {
        return stats(series, selection, r -> 100 * r.accuracy());
    }

    private TreeMap<Integer, Stats> stats(ReportSeries series, Selection selection, java.util.function.ToDoubleFunction<ResultRow> value) {
        Map<Integer, List<Double>> by = new TreeMap<>();
        for (ResultRow r : rows(series, selection)) {
            double v = value.applyAsDouble(r);
            if (!Double.isNaN(v)) { // not recorded (e.g. balanced accuracy in rows written before it was)
                by.computeIfAbsent(r.epoch(), k -> new ArrayList<>()).add(v);
            }
        }
        TreeMap<Integer, Stats> out = new TreeMap<>();
        by.forEach((k, v) -> out.put(k, Stats.of(v)));
        return out;
    }

    /** The rows of a series; the monolithic model's and the raw pixels' are always by epoch. */
    private List<ResultRow> rows(ReportSeries series, Selection selection) {
        Selection sel = series.model().equals(Experiment.ENSEMBLE) ? selection : Selection.EPOCH;
        return results.stream().filter(r -> series.matches(r) && r.selection() == sel).toList();
    }

    private String html(List<String> figures, RunManifest mono, RunManifest ens) {
        StringBuilder h = new StringBuilder();
        // phones too: the page never grows wider than the screen; a wide table scrolls inside its own box
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>eagerae experiment: ")
                .append(esc(config.preset())).append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;"
                        + "padding:0 1em;}p,li,h1,h2,h3,figcaption{overflow-wrap:anywhere;}.table{overflow-x:auto;margin:1em 0;}"
                        + "table{border-collapse:collapse;}caption{text-align:left;font-style:italic;padding-bottom:4px;}"
                        + "td,th{border:1px solid #bbb;padding:3px 8px;text-align:right;}th{background:#eee;}td:first-child{text-align:left;}"
                        + "figure{margin:1em 0;}img{max-width:100%;height:auto;border:1px solid #ddd;margin:0.5em 0;}"
                        + ".note{background:#fff6dd;padding:0.6em;border-left:4px solid #e0b000;}</style></head><body>\n");
        h.append("<h1>Eager training of autoencoders in parallel: ").append(esc(config.preset())).append("</h1>\n");
        if (config.labelStudy()) {
            h.append("<p class=\"note\">The label-efficiency study: the autoencoders learn from every training image, the"
                    + " classifiers from a budget of labels (see the section on label efficiency); the paper's comparisons at equal"
                    + " wall-clock time are left out." + (config.quick() ? " Quick settings: MNIST small's split and one repeat." : "")
                    + "</p>\n");
        } else if (config.quick()) {
            h.append("<p class=\"note\">Quick settings: fewer epochs and repeats than the paper (see the settings below); "
                    + "the full protocol trains with the paper's.</p>\n");
        }
        h.append("<p>Data: ").append(esc(mono.spec().data().describe())).append(".</p>\n");
        h.append("<h2>Summary</h2>\n").append(summary());
        if (config.labelStudy()) {
            labelCurve.ifPresent(curve -> h.append(curve.html()));
        }
        h.append(causes());
        h.append("<h2>Test accuracy (%) by epoch</h2>\n<p>Epoch 0 is the encoders' initial weights, untrained (the ensemble's"
                + " members and their votes, and the monolithic model); raw pixels is the same classifier on the images' pixels,"
                + " without an encoder, trained once per repeat (it has no epoch: shown under epoch 0, and as a dashed line in the"
                + " figures).</p>\n").append(table(Selection.EPOCH, "Test accuracy (%)", r -> 100 * r.accuracy()));
        if (results.stream().anyMatch(r -> !Double.isNaN(r.balancedAccuracy()))) {
            h.append("<p>Balanced accuracy: the mean of the per-class test accuracies, every class weighing alike however many test"
                    + " images it has (for the single member, the members' mean).</p>\n")
                    .append(table(Selection.EPOCH, "Test balanced accuracy (%)", r -> 100 * r.balancedAccuracy()));
        }
        for (Selection selection : List.of(Selection.SHARED_WORKERS, Selection.ONE_WORKER_PER_MEMBER, Selection.WITH_CLASSIFIER)) {
            boolean any = results.stream().anyMatch(r -> r.selection() == selection);
            if (any || (monolithicEvaluated() && !config.labelStudy())) {
                h.append("<h2>Test accuracy (%) at ").append(esc(selection.description())).append("</h2>\n<p>")
                        .append(explain(selection, whereMembersTrained(ens))).append("</p>\n")
                        .append(any ? table(selection, "Test accuracy (%)", r -> 100 * r.accuracy()) : "<p class=\"note\">No checkpoint of the ensemble fits any of these budgets: "
                                + (selection == Selection.WITH_CLASSIFIER
                                        ? "its classifiers alone took longer than the monolithic model's training and classifier together."
                                        : "not every member had finished its first epoch in the time the monolithic model took.")
                                + "</p>\n");
            }
        }
        if (results.stream().anyMatch(r -> r.selection() == Selection.AUTO)) {
            h.append("<h2>Stopped by the probe</h2>\n<p>The eager stop (<code>--stop auto</code> with its defaults: patience ")
                    .append(Experiment.AUTO_RULE.patience()).append(", ").append(Experiment.AUTO_RULE.probeImages())
                    .append(" validation images) replayed on each run's checkpoints: the validation probe scores epochs 0, 1, 2, ... in order"
                    + " (<code>probe.csv</code> in the run) and the members stop at the first epoch the rule says so (or the run's last);"
                    + " the classifier's validation accuracy then chooses the epoch among 0 to the stop. The time is the run's clock at the"
                    + " stop plus the probe's seconds. Beside it, the fixed-epoch result at the run's last classified epoch.</p>\n")
                    .append(autoTable());
        }
        h.append("<h2>Ensemble against the monolithic model, paired by repeat</h2>\n<p>Each cell: the ensemble method's test accuracy "
                + "minus the monolithic model's at the same epoch (points), over repeats with the same seed and data split: the mean "
                + "of the differences with its 95 % confidence interval (Student t on n &minus; 1 degrees of freedom; an interval "
                + "that excludes 0 is a difference the repeats can tell), and in how many of the repeats the ensemble was ahead. "
                + "A table makes many comparisons at once, so its p-values (paired t-test) are corrected by Holm's step-down method "
                + "across its cells; the cells still below 0.05 are marked.</p>\n");
        for (Selection selection : Selection.values()) {
            if (selection != Selection.AUTO && results.stream().anyMatch(r -> r.selection() == selection && r.model().equals(Experiment.ENSEMBLE))) {
                h.append("<h3>").append(esc(selection.description())).append("</h3>\n").append(pairedTable(selection));
            }
        }
        if (!byRepeat(RAW_PIXELS, Selection.EPOCH, 0).isEmpty()) {
            h.append("<h2>Against raw pixels, paired by repeat</h2>\n<p>Each cell: the method's test accuracy at the epoch minus that"
                    + " of the same classifier on the images' pixels, without an encoder, in the same repeat (points): the mean"
                    + " of the differences with its 95 % confidence interval, and in how many repeats the encoder was ahead; marked"
                    + " as above (Holm across the table). What the autoencoders' features add"
                    + " over the pixels themselves.</p>\n").append(pixelsTable());
        }
        if (!config.labelStudy()) {
            labelCurve.ifPresent(curve -> h.append(curve.html()));
        }
        h.append("<h2>Why the vote wins: the members' diversity</h2>\n<p>Per epoch (every member at that epoch): how often two "
                + "members' classifiers disagree on a test image (mean over all pairs), and what the soft vote makes of it: test "
                + "images only the vote gets right (no member does), and images the vote gets right that the best member gets "
                + "wrong (gained) or the other way round (lost). Counts are per repeat, averaged.</p>\n").append(diversityTable());
        h.append("<h2>Stuck models</h2>\n").append(stuckModels());
        h.append("<h2>Figures</h2>\n");
        for (String f : figures) {
            h.append("<figure><img alt=\"").append(esc(f)).append("\" src=\"data:image/png;base64,").append(base64(f))
                    .append("\"><figcaption>").append(esc(f)).append(" (also in figures/)</figcaption></figure>\n");
        }
        h.append("<h2>Settings</h2>\n<div class=\"table\"><table>");
        row(h, "preset", config.preset());
        row(h, "split", String.format(java.util.Locale.ROOT, "%,d training / %,d validation images%s", config.sizes()[0], config.sizes()[1],
                config.trainSize() > 0 ? " (as given)" : " (the preset's)"));
        row(h, "members (K)", String.valueOf(config.members()));
        row(h, "repeats", repeatsDone() + " with results, of " + config.repeats() + " configured");
        row(h, "first seed", String.valueOf(config.seed()));
        row(h, "monolithic", "convergence (min-delta 0.001, patience 3), at most " + config.monoMaxEpochs() + " epochs");
        row(h, "ensemble", config.ensembleEpochs() + " epochs per member, " + whereMembersTrained(ens) + " x " + ens.spec().threads()
                + " thread(s)");
        row(h, "stuck models", config.restartStuck()
                ? "started again from a fresh seed of the run's stream when stuck at a constant output (at most "
                        + org.eagerae.train.StuckMemberRule.MAX_RESTARTS + " times)"
                : "kept as they came (restarts off), as the paper did");
        row(h, "classifier", config.classifierOptions(config.seed()).describe());
        row(h, "architecture", mono.spec().model().describe());
        row(h, "evaluated epochs", config.classifyEpochs() + ", and 0 (initial weights: the members, their votes and the monolithic"
                + " model)");
        row(h, "baseline", "the same classifier on the images' pixels (raw pixels), once per repeat");
        if (config.unlabelled() != null) {
            row(h, "unlabelled images", config.unlabelled().describe() + ", for the autoencoders and for the classifiers'"
                    + " standardisation, components and label spreading (never with labels of their own)");
        }
        labelCurve.ifPresent(curve -> row(h, "label budgets", config.describeBudgets() + " (classifiers only; labels drawn with each repeat's seed)"));
        row(h, "controls", "votes of K = " + config.members() + " classifiers with different seeds: on the images' pixels (once per repeat)"
                + " and on the monolithic model's encoder (at each evaluated epoch)" + (config.fineTune()
                        ? "; the members fine-tuned end to end from their last evaluated epoch and, from their initial weights, the same"
                                + " network trained from scratch (" + config.classifierOptions(config.seed()).forFineTuning().describe() + ")"
                        : ""));
        h.append("</table></div>\n<h2>Machine and versions</h2>\n<div class=\"table\"><table>");
        mono.environment().forEach((k, v) -> row(h, k, String.valueOf(v)));
        h.append("</table></div>\n<p id=\"figures-loaded\">figures not checked (no script)</p>\n");
        // counts the figures the browser could decode; a test reads it back from the rendered page
        h.append("<script>window.addEventListener('load',function(){var i=document.images,n=0;for(var k=0;k<i.length;k++)"
                + "{if(i[k].complete&&i[k].naturalWidth>0)n++;}document.getElementById('figures-loaded').textContent="
                + "'figures loaded: '+n+'/'+i.length;});</script>\n</body></html>\n");
        return h.toString();
    }

    /** The backend of the ensemble's last training, and how many members it trained at once: "2 worker processes", "spark, 2 executors". */
    private String whereMembersTrained(RunManifest ens) {
        Execution execution = ens.invocations().isEmpty()
                ? Execution.processes(config.workers())
                : ens.invocations().get(ens.invocations().size() - 1).execution();
        return execution.describe(config.members());
    }

    /** Which models were found stuck and started again, from each repeat's run.json. */
    private String stuckModels() {
        StringBuilder t = new StringBuilder();
        int count = 0;
        for (int repeat = 1; repeat <= config.repeats(); repeat++) {
            for (String model : List.of(Experiment.MONOLITHIC, Experiment.ENSEMBLE)) {
                Path dir = layout.run(repeat, model);
                if (!Files.isRegularFile(dir.resolve("run.json"))) {
                    continue;
                }
                for (MemberStatus m : RunDirectory.open(dir).readManifest().members()) {
                    for (MemberStatus.Restart r : m.restarts()) {
                        count++;
                        t.append("<tr><td>").append(repeat).append("</td><td>").append(esc(model)).append("</td><td>")
                                .append(String.format(Locale.ROOT, "m%02d</td><td>%d</td><td>%.5f</td><td style=\"text-align:left\">", m.member(),
                                        r.epochs(), r.finalValLoss())).append(esc(r.reason())).append("</td></tr>\n");
                    }
                }
            }
        }
        if (!config.restartStuck()) {
            return "<p>Restarts were off: every seed trained as it came, stuck or not.</p>\n";
        }
        if (count == 0) {
            return "<p>No model was found stuck at a constant output; none was started again.</p>\n";
        }
        return "<p>Models found stuck at a constant output (validation loss at the level of predicting each channel's mean "
                + "pixel) were set aside and started again from the next seed of the run's stream; their time counts in the "
                + "members' clocks. " + count + " restart(s):</p>\n<div class=\"table\"><table><tr><th>repeat</th><th>model</th><th>member</th>"
                + "<th>epochs before the restart</th><th>validation loss then</th><th>why</th></tr>\n" + t + "</table></div>\n";
    }

    private boolean monolithicEvaluated() {
        return results.stream().anyMatch(r -> r.model().equals(Experiment.MONOLITHIC));
    }

    /** Repeats with results (fewer than configured while an experiment is unfinished). */
    private long repeatsDone() {
        return results.stream().mapToInt(ResultRow::repeat).distinct().count();
    }

    private String repeatsSentence() {
        long n = repeatsDone();
        return n > 1 ? "Mean &plusmn; standard deviation over n = " + n + " repeats (different seeds)."
                : "One repeat (n = 1): no spread can be given; run more repeats for one.";
    }

    /** The start of a table of statistics over repeats, its caption stating n once for all its cells. */
    private String openTable(String what) {
        long n = repeatsDone();
        return "<div class=\"table\"><table><caption>" + what + ": " + (n > 1 ? "mean &plusmn; sd over repeats (n = " + n + ")"
                : "one repeat (n = 1), so no spread") + "</caption>";
    }

    /** A cell of statistics; one that has fewer values than the table's n (an unfinished experiment) says how many. */
    private String cell(Stats x, String number) {
        long n = repeatsDone();
        return esc(x.format(number)) + (x.n() < n ? " (" + x.n() + " of " + n + " repeats)" : "");
    }

    private String explain(Selection selection, String whereMembersTrained) {
        return switch (selection) {
            case SHARED_WORKERS -> "For each epoch of the monolithic model, the ensemble as it stood after the time the monolithic "
                    + "model took to reach it, as the members trained here (" + esc(whereMembersTrained) + "; on worker processes they take "
                    + "their epochs in turns, in lockstep, all within about one epoch of each other), and each member uses its latest checkpoint that had been written by then on the ensemble's clock "
                    + "(<code>schedule.csv</code>).";
            case ONE_WORKER_PER_MEMBER -> "The paper's setting, not this machine's: one worker per member, all members training at "
                    + "once, so each member's own measured training clock is held against the monolithic model's time. On this "
                    + "machine the members did not all train at once; this table shows what a machine with a worker per member would get.";
            case WITH_CLASSIFIER -> "As on this machine (members sharing the workers), but both sides' budgets include their "
                    + "classifier stage (features and classifier training), as the paper picks \"an older model\" for the classifier's "
                    + "time: the ensemble stands as it was at the monolithic model's training plus classifier time, minus the time the "
                    + "ensemble's own classifiers take for that method (the median of its by-epoch results), on the ensemble's clock.";
            case EPOCH, AUTO -> "";
        };
    }

    private String summary() {
        StringBuilder s = new StringBuilder("<ul>\n");
        s.append("<li>").append(repeatsSentence()).append("</li>\n");
        if (config.labelStudy()) {
            labelCurve.ifPresent(curve -> curve.summary().forEach(line -> s.append("<li>").append(esc(line)).append("</li>\n")));
        }
        for (int e : epochs(Selection.EPOCH)) {
            ReportSeries best = null;
            Stats bestStats = null;
            for (ReportSeries series : SERIES) {
                Stats st = accuracy(series, Selection.EPOCH).get(e);
                if (st != null && (bestStats == null || st.mean() > bestStats.mean())) {
                    best = series;
                    bestStats = st;
                }
            }
            s.append("<li>").append(e == 0 ? "Epoch 0 (untrained encoders, and raw pixels)" : "Epoch " + e).append(": highest mean is ")
                    .append(esc(best.name())).append(" with ")
                    .append(esc(bestStats.format("%.2f", " %")));
            PairedComparison vs = paired(best, Selection.EPOCH, e);
            if (!best.model().equals(Experiment.MONOLITHIC) && !vs.differences().isEmpty()) {
                s.append("; against the monolithic model: ").append(esc(vs.describe(" points")));
            }
            PairedComparison vsPixels = againstPixels(best, e);
            if (!best.equals(RAW_PIXELS) && !vsPixels.differences().isEmpty()) {
                s.append("; against raw pixels: ").append(esc(vsPixels.describe(" points")));
            }
            s.append(".</li>\n");
        }
        Stats pixels = accuracy(RAW_PIXELS, Selection.EPOCH).get(0);
        if (pixels != null) {
            s.append("<li>Raw pixels (the same classifier on the images' pixels, no encoder): ").append(esc(pixels.format("%.2f", " %")))
                    .append(".</li>\n");
        }
        return s.append("</ul>\n").toString();
    }

    private TreeSet<Integer> epochs(Selection selection) {
        return new TreeSet<>(results.stream().filter(r -> r.selection() == selection).map(ResultRow::epoch).toList());
    }

    /** A table of {@code value} (named {@code what}) by method and epoch of {@code selection}. */
    private String table(Selection selection, String what, java.util.function.ToDoubleFunction<ResultRow> value) {
        TreeSet<Integer> epochs = epochs(selection);
        StringBuilder t = new StringBuilder(openTable(what + " " + (selection == Selection.EPOCH ? "by epoch"
                : "at " + esc(selection.description())))).append("<tr><th>method</th>");
        epochs.forEach(e -> t.append("<th>").append(epochHeading(e)).append("</th>"));
        t.append("</tr>\n");
        List<ReportSeries> series = new ArrayList<>(SERIES);
        if (selection == Selection.EPOCH) {
            series.addAll(CONTROLS);
        }
        for (ReportSeries s : series) {
            TreeMap<Integer, Stats> st = stats(s, selection, value);
            if (epochs.stream().noneMatch(st::containsKey)) {
                continue;
            }
            t.append("<tr><td>").append(esc(s.name())).append("</td>");
            for (int e : epochs) {
                Stats x = st.get(e);
                t.append("<td>").append(x == null ? "" : cell(x, "%.2f")).append("</td>");
            }
            t.append("</tr>\n");
        }
        return t.append("</table></div>\n").toString();
    }

    /** One question of "What causes the gain": two series at their epochs, paired by repeat. */
    private record Cause(String question, ReportSeries a, int aEpoch, ReportSeries b, int bEpoch, String yes, String no) {}

    /**
     * "What causes the gain": the members' soft vote at the ensemble's last evaluated epoch E against each control that
     * ensembles as much (untrained encoders, K heads on the monolithic encoder, K raw-pixel heads), and fine-tuning from the
     * eager encoders against the same network from scratch; each the paired difference with its 95 % interval, Holm's
     * correction across the questions, and a plain answer that says so when the control is level or ahead.
     */
    private String causes() {
        TreeMap<Integer, Stats> vote = accuracy(SOFT_VOTE, Selection.EPOCH);
        int e = vote.keySet().stream().filter(x -> x > 0).mapToInt(Integer::intValue).max().orElse(0);
        if (e == 0) {
            return "";
        }
        int monoEpoch = accuracy(HEAD_VOTE, Selection.EPOCH).keySet().stream().filter(x -> x <= e).mapToInt(Integer::intValue).max()
                .orElse(-1);
        int tuned = accuracy(FINE_TUNED_VOTE, Selection.EPOCH).keySet().stream().filter(x -> x > 0).mapToInt(Integer::intValue).max()
                .orElse(-1);
        List<Cause> questions = new ArrayList<>(List.of(
                new Cause("Training the encoders: the members' soft vote at epoch " + e + " against the same vote on their untrained"
                        + " encoders (epoch 0)", SOFT_VOTE, e, SOFT_VOTE, 0,
                        "training the encoders helps the vote", "the untrained encoders vote as well or better"),
                new Cause("K encoders against K heads on one: the members' soft vote at epoch " + e + " against a vote of K heads with"
                        + " different seeds on the monolithic model's encoder" + (monoEpoch >= 0 ? " at epoch " + monoEpoch : " (not in this experiment: made"
                        + " before the controls)"), SOFT_VOTE, e, HEAD_VOTE,
                        monoEpoch, "K encoders beat K heads on one encoder", "K heads on one encoder vote as well or better"),
                new Cause("Encoders against pixels, both voted: the members' soft vote at epoch " + e + " against a vote of K"
                        + " raw-pixel heads with different seeds", SOFT_VOTE, e, PIXELS_VOTE, 0,
                        "the encoders' features beat an ensemble on pixels",
                        "an ensemble of heads on the pixels does as well or better")));
        if (tuned > 0) {
            questions.add(new Cause("Pretraining for fine-tuning: the fine-tuned members' soft vote from epoch " + tuned + " against the"
                    + " same network trained from scratch (from epoch 0, same labels, schedule and augmentation), voted",
                    FINE_TUNED_VOTE, tuned, FINE_TUNED_VOTE, 0, "pretraining the encoders helps fine-tuning",
                    "training from scratch does as well or better"));
        }
        List<PairedComparison> cells = questions.stream()
                .map(q -> PairedComparison.of(byRepeat(q.a(), Selection.EPOCH, q.aEpoch()), byRepeat(q.b(), Selection.EPOCH, q.bEpoch())))
                .toList();
        if (cells.stream().allMatch(c -> c.differences().isEmpty())) {
            return "";
        }
        double[] adjusted = Holm.adjust(cells.stream().mapToDouble(PairedComparison::pValue).toArray());
        long n = repeatsDone();
        StringBuilder t = new StringBuilder("<h2>What causes the gain</h2>\n<p>Each control ensembles as much as the members' vote (K ="
                + " " + config.members() + " classifiers voting) but lacks one thing the ensemble has. A difference whose interval"
                + " excludes 0 and whose Holm-adjusted p is below 0.05 answers the question; otherwise the repeats cannot tell.</p>\n");
        t.append("<div class=\"table\"><table><caption>").append(n > 1 ? "Ensemble minus control (points): mean difference [95 % confidence interval, Student t] over"
                + " repeats paired by seed (n = " + n + "); p: paired t-test, Holm-adjusted across the " + cells.size() + " questions"
                : "Ensemble minus control (points), one repeat (n = 1): no interval and no test").append("</caption>");
        t.append("<tr><th>question</th><th>difference</th><th>adjusted p</th><th>answer</th></tr>\n");
        for (int i = 0; i < questions.size(); i++) {
            Cause q = questions.get(i);
            PairedComparison c = cells.get(i);
            t.append("<tr><td>").append(esc(q.question())).append("</td><td>").append(esc(c.describe())).append("</td><td>")
                    .append(Double.isNaN(adjusted[i]) ? "" : String.format(java.util.Locale.ROOT, "%.3f", adjusted[i])).append("</td><td>")
                    .append(esc(answer(q, c, adjusted[i]))).append("</td></tr>\n");
        }
        return t.append("</table></div>\n").toString();
    }

    /** A plain answer: which side the repeats favour, or that they cannot tell. */
    private static String answer(Cause q, PairedComparison c, double adjustedP) {
        if (c.differences().isEmpty()) {
            return "not measured";
        }
        boolean decided = adjustedP < ALPHA;
        if (decided && c.stats().mean() > 0) {
            return "Yes: " + q.yes() + ".";
        }
        if (decided) {
            return "No: " + q.no() + ".";
        }
        return Double.isNaN(adjustedP) ? "One repeat: " + (c.stats().mean() > 0 ? q.yes() : q.no()) + " here, untested."
                : "Not shown: the interval includes 0 (" + (c.stats().mean() > 0 ? "the ensemble ahead on average" : "the control level or ahead on average") + ").";
    }

    /** A column's heading: {@code epoch 3}, or for epoch 0 what it holds. */
    private static String epochHeading(int epoch) {
        return epoch == 0 ? "epoch 0 (untrained)" : "epoch " + epoch;
    }

    /** A series at one epoch against raw pixels, paired by repeat. */
    private PairedComparison againstPixels(ReportSeries series, int epoch) {
        return PairedComparison.of(byRepeat(series, Selection.EPOCH, epoch), byRepeat(RAW_PIXELS, Selection.EPOCH, 0));
    }

    /** Every encoder's series by epoch minus raw pixels. */
    private String pixelsTable() {
        Map<String, java.util.function.IntFunction<PairedComparison>> rows = new LinkedHashMap<>();
        for (ReportSeries s : SERIES) {
            if (!s.equals(RAW_PIXELS) && !rows(s, Selection.EPOCH).isEmpty()) {
                rows.put(s.name(), e -> againstPixels(s, e));
            }
        }
        return comparisonTable("Method &minus; raw pixels (points), by epoch", "method &minus; raw pixels", epochs(Selection.EPOCH), rows);
    }

    /** An ensemble series against the monolithic model at one epoch, paired by repeat. */
    private PairedComparison paired(ReportSeries series, Selection selection, int epoch) {
        return PairedComparison.of(byRepeat(series, selection, epoch), byRepeat(MONOLITHIC, Selection.EPOCH, epoch));
    }

    private Map<Integer, Double> byRepeat(ReportSeries series, Selection selection, int epoch) {
        Map<Integer, Double> out = new TreeMap<>();
        rows(series, selection).stream().filter(r -> r.epoch() == epoch).forEach(r -> out.put(r.repeat(), 100 * r.accuracy()));
        return out;
    }

    private String pairedTable(Selection selection) {
        Map<String, java.util.function.IntFunction<PairedComparison>> rows = new LinkedHashMap<>();
        for (ReportSeries s : SERIES) {
            if (s.model().equals(Experiment.ENSEMBLE)) {
                rows.put(s.name(), e -> paired(s, selection, e));
            }
        }
        return comparisonTable("Ensemble method &minus; monolithic model (points), " + esc(selection.description()),
                "ensemble method &minus; monolithic", epochs(selection), rows);
    }

    /**
     * A table of paired comparisons, a row per method and a column per epoch: each cell the mean difference and its 95 %
     * interval; Holm's correction runs across the table's cells that have a test, and a cell whose adjusted p-value is
     * below {@link #ALPHA} is marked. The caption says what the cells hold and states n once.
     */
    private String comparisonTable(String what, String corner, TreeSet<Integer> epochs,
            Map<String, java.util.function.IntFunction<PairedComparison>> rows) {
        List<PairedComparison> cells = new ArrayList<>();
        rows.values().forEach(row -> epochs.forEach(e -> cells.add(row.apply(e))));
        double[] adjusted = Holm.adjust(cells.stream().mapToDouble(PairedComparison::pValue).toArray());
        long tests = java.util.Arrays.stream(adjusted).filter(p -> !Double.isNaN(p)).count();
        long n = repeatsDone();
        StringBuilder t = new StringBuilder("<div class=\"table\"><table><caption>").append(what).append(": ")
                .append(n > 1 ? "mean difference [95 % confidence interval, Student t] over repeats paired by seed (n = " + n + "); "
                        + "* and bold: Holm-adjusted p &lt; 0.05 (paired t-test, Holm across the " + tests + " cells of this table)"
                        : "one repeat (n = 1), so no interval and no test")
                .append("</caption><tr><th>").append(corner).append("</th>");
        epochs.forEach(e -> t.append("<th>").append(epochHeading(e)).append("</th>"));
        t.append("</tr>\n");
        int i = 0;
        for (String label : rows.keySet()) {
            t.append("<tr><td>").append(esc(label)).append("</td>");
            for (int k = 0; k < epochs.size(); k++, i++) {
                boolean marked = adjusted[i] < ALPHA;
                String text = esc(cells.get(i).describe("", marked ? "*" : ""));
                t.append("<td>").append(marked ? "<strong>" + text + "</strong>" : text).append("</td>");
            }
            t.append("</tr>\n");
        }
        return t.append("</table></div>\n").toString();
    }

    private String diversityTable() {
        StringBuilder t = new StringBuilder(openTable("The members' diversity by epoch") + "<tr><th>epoch</th><th>mean single member (%)</th><th>soft vote (%)</th>"
                + "<th>pairwise disagreement (%)</th><th>only the vote right</th><th>gained over the best member</th>"
                + "<th>lost to the best member</th><th>test images</th></tr>\n");
        TreeMap<Integer, Stats> single = accuracy(SINGLE, Selection.EPOCH);
        TreeMap<Integer, Stats> soft = accuracy(SOFT_VOTE, Selection.EPOCH);
        Map<Integer, List<ResultRow>> votes = new TreeMap<>();
        rows(SOFT_VOTE, Selection.EPOCH).stream().filter(r -> r.diversity() != null)
                .forEach(r -> votes.computeIfAbsent(r.epoch(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<Integer, List<ResultRow>> e : votes.entrySet()) {
            List<ResultRow> rs = e.getValue();
            t.append("<tr><td>").append(e.getKey()).append("</td><td>").append(cell(single.get(e.getKey()), "%.2f"))
                    .append("</td><td>").append(cell(soft.get(e.getKey()), "%.2f")).append("</td><td>")
                    .append(cell(Stats.of(rs.stream().map(r -> 100 * r.diversity().pairwiseDisagreement()).toList()), "%.2f"))
                    .append("</td><td>").append(cell(Stats.of(rs.stream().map(r -> (double) r.diversity().voteOnly()).toList()), "%.1f"))
                    .append("</td><td>").append(cell(Stats.of(rs.stream().map(r -> (double) r.diversity().gainedOverBest()).toList()), "%.1f"))
                    .append("</td><td>").append(cell(Stats.of(rs.stream().map(r -> (double) r.diversity().lostToBest()).toList()), "%.1f"))
                    .append("</td><td>").append(rs.get(0).diversity().images()).append("</td></tr>\n");
        }
        return t.append("</table></div>\n").toString();
    }

    private String base64(String figure) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(layout.figures().resolve(figure)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read figure " + figure, e);
        }
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><td>").append(esc(key)).append("</td><td style=\"text-align:left\">").append(esc(value)).append("</td></tr>");
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

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
import org.eagerae.ensemble.MemberStatus;
import org.eagerae.ensemble.RunDirectory;
import org.eagerae.ensemble.RunManifest;
import org.eagerae.io.AtomicFiles;
import org.eagerae.report.Charts;
import org.eagerae.report.ReconstructionGrid;
import org.eagerae.train.EpochRecord;

/**
 * Draws the experiment's figures (the paper's 4, 6, 8 and 9, and accuracy against wall-clock
 * time) from the files of an experiment folder and writes a self-contained {@code report.html}
 * (figures embedded) plus every figure as PNG. Numbers are means and standard deviations over repeats.
 */
public final class ExperimentReport {

    /** The series of the accuracy figures: model/method pairs and their legend names. */
    private static final Map<String, String> SERIES = new LinkedHashMap<>();

    static {
        SERIES.put(Experiment.MONOLITHIC + "/single", "monolithic");
        SERIES.put(Experiment.ENSEMBLE + "/single", "ensemble: single member (mean)");
        SERIES.put(Experiment.ENSEMBLE + "/stacked", "ensemble: stacked");
        SERIES.put(Experiment.ENSEMBLE + "/soft-vote", "ensemble: soft vote");
        SERIES.put(Experiment.ENSEMBLE + "/hard-vote", "ensemble: hard vote");
    }

    private final ExperimentLayout layout;
    private final ExperimentConfig config;
    private final List<ResultRow> results;

    public ExperimentReport(ExperimentLayout layout) {
        this.layout = layout;
        this.config = layout.readConfig();
        this.results = layout.readResults();
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
        Path html = layout.report();
        AtomicFiles.writeString(html, html(figures, mono.readManifest(), ens.readManifest()));
        return html;
    }

    private String timing(Path png, RunDirectory mono, RunDirectory ens) {
        List<String> lanes = new ArrayList<>(List.of("monolithic"));
        List<Charts.Bar> bars = new ArrayList<>();
        double monoEnd = last(mono.readMetrics(), 0).elapsedSeconds();
        bars.add(new Charts.Bar("monolithic", "CAE, " + mono.readMetrics().size() + " epochs", 0, monoEnd, new Color(70, 110, 180)));
        double monoClassify = stageSeconds(1, Experiment.MONOLITHIC, "single", "epoch");
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
        bars.add(new Charts.Bar("stacked classifier", "stacked", ensEnd, ensEnd + stageSeconds(1, Experiment.ENSEMBLE, "stacked", "epoch"),
                new Color(220, 120, 40)));
        Charts.timing(png, "Timing, repeat 1 (measured durations; members placed on the workers in queue order)", lanes, bars);
        return png.getFileName().toString();
    }

    private double stageSeconds(int repeat, String model, String method, String selection) {
        return results.stream().filter(r -> r.repeat() == repeat && r.model().equals(model) && r.method().equals(method)
                        && r.selection().equals(selection))
                .max(java.util.Comparator.comparingInt(ResultRow::epoch))
                .map(r -> r.featureSeconds() + r.classifierSeconds()).orElse(0.0);
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

    private String accuracyByEpoch(Path png) {
        List<Charts.Series> series = new ArrayList<>();
        for (Map.Entry<String, String> s : SERIES.entrySet()) {
            TreeMap<Integer, Stats> byEpoch = accuracy(s.getKey(), "epoch");
            if (!byEpoch.isEmpty()) {
                series.add(new Charts.Series(s.getValue(), byEpoch.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                        byEpoch.values().stream().mapToDouble(Stats::mean).toArray(),
                        byEpoch.values().stream().mapToDouble(Stats::sd).toArray(), false, null));
            }
        }
        Charts.line(png, "Test accuracy (%) by epoch, mean and sd over " + repeatsDone() + " repeat(s)", "epoch", "test accuracy (%)",
                false, series);
        return png.getFileName().toString();
    }

    private String accuracyByTime(Path png) {
        List<Charts.Series> series = new ArrayList<>();
        for (Map.Entry<String, String> s : SERIES.entrySet()) {
            TreeMap<Integer, Stats> acc = accuracy(s.getKey(), "epoch");
            TreeMap<Integer, Stats> secs = stats(s.getKey(), "epoch", ResultRow::trainSeconds);
            if (!acc.isEmpty()) {
                series.add(new Charts.Series(s.getValue(), secs.values().stream().mapToDouble(Stats::mean).toArray(),
                        acc.values().stream().mapToDouble(Stats::mean).toArray()));
            }
        }
        Charts.line(png, "Test accuracy (%) against wall-clock seconds of autoencoder training", "seconds", "test accuracy (%)",
                false, series);
        return png.getFileName().toString();
    }

    /** Mean and standard deviation. */
    record Stats(double mean, double sd, int n) {
        static Stats of(List<Double> v) {
            double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double var = v.size() < 2 ? 0 : v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1);
            return new Stats(m, Math.sqrt(var), v.size());
        }
    }

    /** Test accuracy in percent per epoch of a model/method series. */
    private TreeMap<Integer, Stats> accuracy(String series, String selection) {
        return stats(series, selection, r -> 100 * r.accuracy());
    }

    private TreeMap<Integer, Stats> stats(String series, String selection, java.util.function.ToDoubleFunction<ResultRow> value) {
        String[] mm = series.split("/");
        Map<Integer, List<Double>> by = new TreeMap<>();
        for (ResultRow r : results) {
            if (r.model().equals(mm[0]) && r.method().equals(mm[1]) && r.selection().equals(selection)) {
                by.computeIfAbsent(r.epoch(), k -> new ArrayList<>()).add(value.applyAsDouble(r));
            }
        }
        TreeMap<Integer, Stats> out = new TreeMap<>();
        by.forEach((k, v) -> out.put(k, Stats.of(v)));
        return out;
    }

    private String html(List<String> figures, RunManifest mono, RunManifest ens) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>eagerae experiment: ")
                .append(config.preset()).append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;}"
                        + "table{border-collapse:collapse;margin:1em 0;}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right;}"
                        + "th{background:#eee;}td:first-child{text-align:left;}img{max-width:100%;border:1px solid #ddd;margin:0.5em 0;}"
                        + ".note{background:#fff6dd;padding:0.6em;border-left:4px solid #e0b000;}</style></head><body>\n");
        h.append("<h1>Eager training of autoencoders in parallel: ").append(esc(config.preset())).append("</h1>\n");
        if (config.quick()) {
            h.append("<p class=\"note\">Quick settings: fewer epochs and repeats than the paper (see the settings below). "
                    + "Run <code>eagerae experiment --full</code> for the full protocol.</p>\n");
        }
        h.append("<p>Data: ").append(esc(mono.spec().data().describe())).append(".</p>\n");
        h.append("<h2>Summary</h2>\n").append(summary());
        h.append("<h2>Test accuracy (%) by epoch</h2>\n").append(table("epoch"));
        if (results.stream().anyMatch(r -> r.selection().equals("budget"))) {
            h.append("<h2>Test accuracy (%) at equal wall-clock time</h2>\n<p>For each epoch of the monolithic model, the ensemble's members "
                    + "use their latest checkpoints that fit the time the monolithic model took to reach it. The members shared "
                    + Math.min(config.workers(), config.members()) + " worker process(es) on this machine, i.e. trained in " + waves()
                    + " round(s), so each member's budget is that time divided by " + waves() + ".</p>\n").append(table("budget"));
        }
        h.append("<h2>Figures</h2>\n");
        for (String f : figures) {
            h.append("<figure><img alt=\"").append(esc(f)).append("\" src=\"data:image/png;base64,").append(base64(f))
                    .append("\"><figcaption>").append(esc(f)).append(" (also in figures/)</figcaption></figure>\n");
        }
        h.append("<h2>Settings</h2>\n<table>");
        row(h, "preset", config.preset());
        row(h, "members (K)", String.valueOf(config.members()));
        row(h, "repeats", repeatsDone() + " with results, of " + config.repeats() + " configured");
        row(h, "first seed", String.valueOf(config.seed()));
        row(h, "monolithic", "convergence (min-delta 0.001, patience 3), at most " + config.monoMaxEpochs() + " epochs");
        row(h, "ensemble", config.ensembleEpochs() + " epochs per member, " + Math.min(config.workers(), config.members())
                + " worker processes x " + ens.spec().threads() + " thread(s)");
        row(h, "classifier", "MLP (256 hidden, ReLU), Adam 1e-3, batch 100, early stop on validation accuracy (patience 4, max 25 epochs)");
        row(h, "architecture", mono.spec().model().describe());
        row(h, "evaluated epochs", config.classifyEpochs().toString());
        h.append("</table>\n<h2>Machine and versions</h2>\n<table>");
        mono.environment().forEach((k, v) -> row(h, k, String.valueOf(v)));
        h.append("</table>\n<p id=\"figures-loaded\">figures not checked (no script)</p>\n");
        // counts the figures the browser could decode; a test reads it back from the rendered page
        h.append("<script>window.addEventListener('load',function(){var i=document.images,n=0;for(var k=0;k<i.length;k++)"
                + "{if(i[k].complete&&i[k].naturalWidth>0)n++;}document.getElementById('figures-loaded').textContent="
                + "'figures loaded: '+n+'/'+i.length;});</script>\n</body></html>\n");
        return h.toString();
    }

    /** Repeats with results (fewer than configured while an experiment is unfinished). */
    private long repeatsDone() {
        return results.stream().mapToInt(ResultRow::repeat).distinct().count();
    }

    private int waves() {
        return (config.members() + Math.min(config.workers(), config.members()) - 1) / Math.min(config.workers(), config.members());
    }

    private String summary() {
        StringBuilder s = new StringBuilder("<ul>\n");
        TreeMap<Integer, Stats> mono = accuracy(Experiment.MONOLITHIC + "/single", "epoch");
        for (int e : new TreeSet<>(results.stream().filter(r -> r.selection().equals("epoch")).map(ResultRow::epoch).toList())) {
            String best = null;
            Stats bestStats = null;
            for (Map.Entry<String, String> entry : SERIES.entrySet()) {
                Stats st = accuracy(entry.getKey(), "epoch").get(e);
                if (st != null && (bestStats == null || st.mean() > bestStats.mean())) {
                    best = entry.getValue();
                    bestStats = st;
                }
            }
            Stats m = mono.get(e);
            s.append("<li>Epoch ").append(e).append(": best is ").append(esc(best)).append(String.format(Locale.ROOT, " with %.2f%%", bestStats.mean()));
            if (m != null) {
                s.append(String.format(Locale.ROOT, "; the monolithic model has %.2f%% (difference %+.2f points)", m.mean(), bestStats.mean() - m.mean()));
            }
            s.append(".</li>\n");
        }
        return s.append("</ul>\n").toString();
    }

    private String table(String selection) {
        TreeSet<Integer> epochs = new TreeSet<>(results.stream().filter(r -> r.selection().equals(selection)).map(ResultRow::epoch).toList());
        StringBuilder t = new StringBuilder("<table><tr><th>method</th>");
        epochs.forEach(e -> t.append("<th>epoch ").append(e).append("</th>"));
        t.append("</tr>\n");
        for (Map.Entry<String, String> s : SERIES.entrySet()) {
            String sel = s.getKey().startsWith(Experiment.MONOLITHIC) ? "epoch" : selection;
            TreeMap<Integer, Stats> st = accuracy(s.getKey(), sel);
            if (st.isEmpty()) {
                continue;
            }
            t.append("<tr><td>").append(esc(s.getValue())).append("</td>");
            for (int e : epochs) {
                Stats x = st.get(e);
                t.append("<td>").append(x == null ? "" : String.format(Locale.ROOT, "%.2f &plusmn; %.2f", x.mean(), x.sd())).append("</td>");
            }
            t.append("</tr>\n");
        }
        return t.append("</table>\n").toString();
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

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

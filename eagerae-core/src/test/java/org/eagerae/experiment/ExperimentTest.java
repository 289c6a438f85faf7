package org.eagerae.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eagerae.ensemble.EnsembleListener;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSchedule;
import org.eagerae.testing.Folders;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole protocol on small IDX files written here: training (the ensemble in worker processes),
 * classifiers, the label-efficiency curve (5 labels per class and every label), resume, the report in a real browser.
 */
@Tag("process")
class ExperimentTest {

    @TempDir
    static Path tmp;

    static ExperimentLayout layout;

    @BeforeAll
    static void runSmallExperiment() throws Exception {
        Path data = TinyRuns.writeIdxFolder(tmp.resolve("data"), 500, 150);
        layout = new ExperimentLayout(tmp.resolve("exp"));
        ExperimentConfig config = new ExperimentConfig("mnist-small", data.toString(), 2, 2, 1, 3, 3, List.of(1, 3), 2, true, true)
                .withFineTune(true).withLabelsPerClass(List.of(5, 0));
        layout.writeConfig(config);
        experiment(config, data).run();
        new ExperimentReport(layout).write();
    }

    static Experiment experiment(ExperimentConfig config, Path data) {
        // one core: the monolithic model trains in this JVM, whose engine runs one intra-op thread
        return new Experiment(layout, config, 1, s -> { }, EnsembleListener.NONE,
                seed -> TinyRuns.idx(data, 300, 100, seed));
    }

    /** The protocol's rows: those with every label (the label curve's budgets have rows of their own). */
    static List<ResultRow> protocolRows() {
        return layout.readResults().stream().filter(r -> r.labelsPerClass() == 0).toList();
    }

    @Test
    void settingsWrittenBeforeSplitSizesExistedReadAsThePresetsSplit() throws Exception {
        ExperimentLayout old = new ExperimentLayout(tmp.resolve("old-settings"));
        java.nio.file.Files.createDirectories(old.root());
        java.nio.file.Files.writeString(old.root().resolve("experiment.json"), """
                {"preset":"cifar10","dataDir":"data","members":5,"repeats":1,"seed":1,"monoMaxEpochs":10,"ensembleEpochs":5,
                 "classifyEpochs":[1,3,5,10],"workers":2,"quick":true,"restartStuck":true}""");
        assertThat(old.readConfig().sizes()).containsExactly(4_800, 1_200);
        assertThat(old.readConfig().labelsPerClass()).isEmpty();
        ExperimentConfig full = new ExperimentConfig("cifar10", "data", 5, 1, 1, 10, 5, List.of(1), 2, true, true, 45_000, 5_000);
        ExperimentLayout given = new ExperimentLayout(tmp.resolve("full-split"));
        given.writeConfig(full);
        assertThat(given.readConfig()).isEqualTo(full);
        assertThat(given.readConfig().sizes()).containsExactly(45_000, 5_000);
    }

    @Test
    void everyRepeatHasBothModelsAndTheirResults() {
        List<ResultRow> rows = protocolRows();
        for (int repeat = 1; repeat <= 2; repeat++) {
            int r = repeat;
            Set<String> methods = rows.stream().filter(x -> x.repeat() == r && x.selection() == Selection.EPOCH)
                    .map(x -> x.model() + "/" + x.method()).collect(Collectors.toSet());
            assertThat(methods).containsExactlyInAnyOrder("monolithic/single", "ensemble/single", "ensemble/stacked",
                    "ensemble/soft-vote", "ensemble/hard-vote", "pixels/raw-pixels", "pixels/raw-pixels-vote", "monolithic/head-vote",
                    "ensemble/fine-tune", "ensemble/fine-tune-vote");
            assertThat(layout.run(repeat, Experiment.ENSEMBLE).resolve("members/m01/epoch-003.params")).isRegularFile();
        }
        assertThat(rows).allSatisfy(r -> assertThat(r.accuracy()).isGreaterThan(0.3)); // chance is 0.1
        // repeats use different seeds, so their numbers differ
        assertThat(rows.stream().filter(r -> r.repeat() == 1).map(ResultRow::accuracy).toList())
                .isNotEqualTo(rows.stream().filter(r -> r.repeat() == 2).map(ResultRow::accuracy).toList());
    }

    @Test
    void rawPixelsOncePerRepeatAndTheInitialWeightsStandBesideTheTrainedEncoders() {
        List<ResultRow> rows = protocolRows();
        for (int repeat = 1; repeat <= 2; repeat++) {
            int r = repeat;
            List<ResultRow> atZero = rows.stream().filter(x -> x.repeat() == r && x.epoch() == 0 && x.selection() != Selection.AUTO).toList();
            assertThat(atZero).allSatisfy(x -> {
                assertThat(x.selection()).isEqualTo(Selection.EPOCH);
                assertThat(x.trainSeconds()).isZero();
            });
            // the untrained encoders, and fine-tuning from them: the same network trained from scratch
            assertThat(atZero).extracting(x -> x.model() + "/" + x.method()).containsExactlyInAnyOrder("pixels/raw-pixels",
                    "pixels/raw-pixels-vote", "monolithic/single", "ensemble/single", "ensemble/soft-vote", "ensemble/hard-vote",
                    "ensemble/fine-tune", "ensemble/fine-tune-vote");
            assertThat(rows.stream().filter(x -> x.repeat() == r && x.model().equals(Experiment.PIXELS))).hasSize(2)
                    .allSatisfy(x -> assertThat(x.diversity() == null).isEqualTo(x.method() == org.eagerae.classify.Method.RAW_PIXELS));
            // the controls vote over K = 2 heads, as the members' vote does over 2 members
            assertThat(rows.stream().filter(x -> x.repeat() == r && x.method().votesOverSeeds()))
                    .extracting(x -> x.model() + "/" + x.method() + "@" + x.epoch())
                    .containsExactlyInAnyOrder("pixels/raw-pixels-vote@0", "monolithic/head-vote@1", "monolithic/head-vote@3");
            assertThat(rows.stream().filter(x -> x.repeat() == r && x.method() == org.eagerae.classify.Method.FINE_TUNE_VOTE))
                    .extracting(ResultRow::epoch).containsExactlyInAnyOrder(3, 0);
            // what the runs' classify.json record: the untrained encoders, and (elsewhere) not the pixels
            assertThat(org.eagerae.classify.ClassifyFile.read(RunDirectory.open(layout.run(r, Experiment.ENSEMBLE))))
                    .anyMatch(c -> c.memberEpochs().equals(List.of(0, 0)) && c.method() == org.eagerae.classify.Method.SOFT_VOTE)
                    .noneMatch(c -> c.method() == org.eagerae.classify.Method.RAW_PIXELS);
            assertThat(org.eagerae.classify.ClassifyFile.read(RunDirectory.open(layout.run(r, Experiment.MONOLITHIC))))
                    .anyMatch(c -> c.memberEpochs().equals(List.of(0)));
        }
    }

    @Test
    void theEnsembleIsComparedAtEqualWallClockInEveryWayAndItsVotesCarryDiversity() {
        List<ResultRow> rows = protocolRows();
        for (Selection selection : List.of(Selection.EPOCH, Selection.ONE_WORKER_PER_MEMBER)) {
            assertThat(rows).as(selection.token()).anyMatch(r -> r.model().equals(Experiment.ENSEMBLE) && r.selection() == selection);
        }
        // on this machine, the ensemble as it stood at the monolithic model's time: there when every member had an epoch by then
        for (ResultRow mono : rows.stream().filter(x -> x.model().equals(Experiment.MONOLITHIC) && x.selection() == Selection.EPOCH
                && x.method() == org.eagerae.classify.Method.SINGLE).toList()) {
            RunSchedule schedule = RunDirectory.open(layout.run(mono.repeat(), Experiment.ENSEMBLE)).readSchedule();
            boolean recorded = rows.stream().anyMatch(x -> x.repeat() == mono.repeat() && x.selection() == Selection.SHARED_WORKERS
                    && x.epoch() == mono.epoch());
            assertThat(recorded).as("repeat %d, epoch %d", mono.repeat(), mono.epoch())
                    .isEqualTo(mono.trainSeconds() >= schedule.allEnded(2, 1).orElseThrow());
        }
        // with one worker per member every member may use the monolithic model's whole time, with shared workers only a share:
        // wherever the shared view found checkpoints, the paper's view did too
        for (ResultRow shared : rows.stream().filter(r -> r.selection() == Selection.SHARED_WORKERS).toList()) {
            assertThat(rows).anyMatch(r -> r.selection() == Selection.ONE_WORKER_PER_MEMBER && r.repeat() == shared.repeat()
                    && r.epoch() == shared.epoch() && r.method() == shared.method());
        }
        List<ResultRow> votes = rows.stream().filter(r -> r.method().vote()).toList();
        assertThat(votes).isNotEmpty().allSatisfy(r -> {
            assertThat(r.diversity()).isNotNull();
            assertThat(r.diversity().images()).isEqualTo(150);
            assertThat(r.diversity().pairwiseDisagreement()).isBetween(0.0, 1.0);
        });
        assertThat(rows.stream().filter(r -> r.method() == org.eagerae.classify.Method.STACKED)).allSatisfy(r -> assertThat(r.diversity()).isNull());
    }

    @Test
    void theBudgetWithClassifiersLeavesTheEnsembleTheMonolithicTotalMinusItsOwnClassifierTime() {
        List<ResultRow> rows = protocolRows();
        for (int repeat = 1; repeat <= 2; repeat++) {
            int r = repeat;
            // on the ensemble's clock, the first time at which every member had an epoch
            RunSchedule schedule = RunDirectory.open(layout.run(repeat, Experiment.ENSEMBLE)).readSchedule();
            double firstEpoch = schedule.allEnded(2, 1).orElseThrow();
            // the budgets are matched to trained epochs, with the ensemble's classifier times of trained epochs
            for (ResultRow mono : rows.stream().filter(x -> x.repeat() == r && x.model().equals(Experiment.MONOLITHIC) && x.epoch() > 0
                    && x.method() == org.eagerae.classify.Method.SINGLE && x.selection() == Selection.EPOCH).toList()) {
                for (org.eagerae.classify.Method method : org.eagerae.classify.Method.ON_ENCODERS) {
                    double[] own = rows.stream().filter(x -> x.repeat() == r && x.model().equals(Experiment.ENSEMBLE)
                            && x.method() == method && x.selection() == Selection.EPOCH && x.epoch() > 0).mapToDouble(ResultRow::classifyingSeconds)
                            .sorted().toArray();
                    double median = (own[(own.length - 1) / 2] + own[own.length / 2]) / 2;
                    double budget = mono.trainSeconds() + mono.classifyingSeconds() - median;
                    boolean recorded = rows.stream().anyMatch(x -> x.repeat() == r && x.selection() == Selection.WITH_CLASSIFIER
                            && x.epoch() == mono.epoch() && x.method() == method);
                    assertThat(recorded).as("repeat %d, monolithic epoch %d, %s: budget %.3f s on the ensemble's clock, all members'"
                            + " first epochs by %.3f s", r, mono.epoch(), method, budget, firstEpoch).isEqualTo(budget >= firstEpoch);
                }
            }
        }
    }

    /** The ensemble's time at an epoch is when its last member finished that epoch, on the run's clock. */
    @Test
    void theEnsemblesTimeAtAnEpochComesFromItsSchedule() {
        for (ResultRow row : protocolRows().stream().filter(x -> x.model().equals(Experiment.ENSEMBLE) && x.selection() == Selection.EPOCH
                && x.epoch() > 0).toList()) {
            RunSchedule schedule = RunDirectory.open(layout.run(row.repeat(), Experiment.ENSEMBLE)).readSchedule();
            assertThat(row.trainSeconds()).isCloseTo(schedule.allEnded(2, row.epoch()).orElseThrow(), org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void reportGivesNPairedComparisonsDiversityAndBothWallClockViews() throws Exception {
        String html = Files.readString(layout.report());
        assertThat(html).contains("n = 2 repeats").contains("mean &plusmn; sd over repeats (n = 2)")
                .contains("paired by repeat").contains("ahead in")
                .contains("the members' diversity").contains("pairwise disagreement")
                .contains(Selection.SHARED_WORKERS.description()).contains(Selection.ONE_WORKER_PER_MEMBER.description())
                .contains(Selection.WITH_CLASSIFIER.description())
                .contains("raw pixels (no encoder)", "Against raw pixels, paired by repeat", "<th>epoch 0 (untrained)</th>",
                        "Raw pixels (the same classifier on the images' pixels, no encoder): ");
        // n = 2: every paired cell is a mean difference with its 95 % interval, and each table's caption says how it marks
        String number = "(?:[+\u2212]\\d+\\.\\d\\d|0\\.00)";
        assertThat(html).containsPattern("<td>(?:<strong>)?" + number + " \\[" + number + ", " + number + "\\]\\*?, ahead in \\d of 2")
                .contains("95 % confidence interval").contains("Holm-adjusted p &lt; 0.05");
        // what causes the gain: the vote against each control, with intervals and a plain answer
        String causes = html.substring(html.indexOf("<h2>What causes the gain</h2>"), html.indexOf("<h2>Test accuracy (%) by epoch</h2>"));
        assertThat(causes).contains("Holm-adjusted across the 4 questions").contains("(n = 2)")
                .contains("against the same vote on their untrained encoders (epoch 0)")
                .contains("vote of K heads with different seeds on the monolithic model's encoder at epoch 3")
                .contains("raw-pixel heads with different seeds").contains("trained from scratch");
        assertThat(causes.split("<tr>", -1)).hasSize(6); // the heading row and four questions
        assertThat(causes).containsPattern("(Yes|No|Not shown): ");
        assertThat(html).contains("control: raw pixels, vote of K seeds", "control: monolithic, vote of K heads",
                "ensemble: fine-tuned, soft vote");
    }

    /** An experiment made before the controls has no K heads on the monolithic encoder: the question says so, at no epoch. */
    @Test
    void anExperimentWithoutTheMonolithicControlSaysSoInsteadOfNamingAnEpoch() throws Exception {
        Path old = Folders.copyTree(layout.root(), tmp.resolve("before-controls"));
        Path results = old.resolve("results.csv");
        List<String> lines = Files.readAllLines(results);
        List<String> kept = lines.stream().filter(l -> !l.contains("," + Experiment.MONOLITHIC + ",head-vote,")).toList();
        assertThat(kept).hasSizeLessThan(lines.size());
        Files.write(results, kept);
        ExperimentLayout before = new ExperimentLayout(old);
        new ExperimentReport(before).write();
        String html = Files.readString(before.report());
        String causes = html.substring(html.indexOf("<h2>What causes the gain</h2>"), html.indexOf("<h2>Test accuracy (%) by epoch</h2>"));
        assertThat(causes).doesNotContain("epoch -1").contains("on the monolithic model's encoder (not in this experiment")
                .contains("not measured");
    }

    @Test
    void reportStatesNOncePerTableAndKeepsTheSpreadInItsCells() throws Exception {
        String html = Files.readString(layout.report());
        List<String> tables = java.util.Arrays.stream(html.split("<table"))
                .skip(1).map(t -> t.substring(0, t.indexOf("</table>"))).toList();
        assertThat(tables).hasSizeGreaterThanOrEqualTo(5);
        for (String table : tables) {
            assertThat(table.split("\\(n = ", -1).length - 1).as("'(n = ' in%n%s", table).isLessThanOrEqualTo(1);
            assertThat(table).as("cells state no n: their table's caption does").doesNotContainPattern("<td>[^<]*\\(n = ");
            if (table.contains("&plusmn;") || table.contains("\u00b1")) {
                assertThat(table).contains("<caption>").contains("(n = 2)</caption>");
            }
        }
        // n = 2 here: the cells of statistics keep mean ± sd; the accuracy table has one per method and epoch
        String byEpoch = tables.stream().filter(t -> t.contains("<caption>Test accuracy (%) by epoch")).findFirst().orElseThrow();
        assertThat(byEpoch).containsPattern("<td>\\d+\\.\\d\\d \u00b1 \\d+\\.\\d\\d</td>");
        assertThat(byEpoch).doesNotContain(" of 2 repeats"); // every cell has both repeats
        String summary = html.substring(html.indexOf("<h2>Summary</h2>"), html.indexOf("</ul>", html.indexOf("<h2>Summary</h2>")));
        assertThat(summary.split("n = ", -1).length - 1).as("the summary states n once:%n%s", summary).isEqualTo(1);
    }

    @Test
    void theProbeStopsBothModelsAndValidationChoosesAnEpochUpToTheStop() throws Exception {
        List<ResultRow> rows = protocolRows();
        for (int repeat = 1; repeat <= 2; repeat++) {
            for (String model : List.of(Experiment.ENSEMBLE, Experiment.MONOLITHIC)) {
                int r = repeat;
                List<ResultRow> auto = rows.stream().filter(x -> x.repeat() == r && x.model().equals(model) && x.selection() == Selection.AUTO)
                        .toList();
                assertThat(auto).as("%s, repeat %d", model, repeat).hasSize(1);
                ResultRow row = auto.get(0);
                assertThat(row.method()).isEqualTo(model.equals(Experiment.ENSEMBLE) ? org.eagerae.classify.Method.SOFT_VOTE
                        : org.eagerae.classify.Method.SINGLE);
                RunDirectory run = RunDirectory.open(layout.run(repeat, model));
                int trained = run.member(0).epochs().size();
                List<org.eagerae.train.ProbeRecord> probe = run.readProbe();
                org.eagerae.ensemble.ProbeReplay.Decision decision = org.eagerae.ensemble.ProbeReplay.decide(Experiment.AUTO_RULE, probe);
                assertThat(decision.stopEpoch()).isBetween(1, trained);
                assertThat(row.epoch()).isBetween(0, decision.stopEpoch());
                // the replayed decision is the rule's on the rows written: no stop before the last, and the stop (or the cap) at it
                assertThat(probe.get(probe.size() - 1).epoch()).isEqualTo(decision.stopEpoch());
                for (int n = 2; n < probe.size(); n++) {
                    assertThat(Experiment.AUTO_RULE.ensembleStopReason(probe.subList(0, n))).isEmpty();
                }
                assertThat(Experiment.AUTO_RULE.ensembleStopReason(probe).isPresent() || decision.stopEpoch() == trained).isTrue();
                assertThat(probe.get(0).memberAccuracies()).hasSize(model.equals(Experiment.ENSEMBLE) ? 2 : 1);
                assertThat(row.trainSeconds()).isEqualTo(decision.seconds(), org.assertj.core.api.Assertions.within(2e-3));
            }
        }
        String html = Files.readString(layout.report());
        assertThat(html).contains("<h2>Stopped by the probe</h2>").contains("stopped-by-the-probe.png")
                .contains("<caption>Stopped by the probe against a fixed number of epochs");
    }

    /** The methods of the label curve under a budget, each once per repeat. */
    private static final List<String> CURVE_METHODS = List.of("ensemble/single", "ensemble/stacked", "ensemble/soft-vote", "ensemble/hard-vote",
            "ensemble/fine-tune", "ensemble/fine-tune-vote", "monolithic/single", "monolithic/head-vote", "pixels/raw-pixels",
            "pixels/raw-pixels-vote");

    /** The semi-supervised methods: with a budget only (spreading every label to no unlabelled image is the plain head). */
    private static final List<String> SEMI_SUPERVISED = List.of("ensemble/spread", "ensemble/spread-vote", "pixels/raw-pixels-spread");

    @Test
    void underABudgetTheEnsembleTheMonolithicModelAndRawPixelsLearnFromTheSameDrawnLabels() {
        List<ResultRow> rows = layout.readResults();
        java.util.Set<String> digests = new java.util.HashSet<>();
        for (int repeat = 1; repeat <= 2; repeat++) {
            int r = repeat;
            long seed = repeat; // the first repeat's seed is 1
            List<ResultRow> all = rows.stream().filter(x -> x.repeat() == r && x.labelsPerClass() == 5).toList();
            // at the initial weights: the untrained members and their votes, and fine-tuning from them (the same network
            // trained from scratch on the budget's labels)
            assertThat(all).filteredOn(x -> x.epoch() == 0 && x.model().equals(Experiment.ENSEMBLE))
                    .extracting(x -> x.method().label())
                    .containsExactlyInAnyOrder("single", "soft-vote", "hard-vote", "fine-tune", "fine-tune-vote");
            List<ResultRow> budget = all.stream().filter(x -> x.epoch() > 0 || !x.model().equals(Experiment.ENSEMBLE)).toList();
            assertThat(budget).extracting(x -> x.model() + "/" + x.method())
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(CURVE_METHODS.stream(), SEMI_SUPERVISED.stream()).toList());
            // the ensemble at its last evaluated epoch, the monolithic model at its own, raw pixels at 0
            int monoLast = RunDirectory.open(layout.run(r, Experiment.MONOLITHIC)).member(0).epochs().stream()
                    .mapToInt(org.eagerae.train.EpochRecord::epoch).filter(e -> e == 1 || e == 3).max().orElseThrow();
            assertThat(all).allSatisfy(x -> {
                assertThat(x.epoch()).isEqualTo(switch (x.model()) {
                    case Experiment.ENSEMBLE -> x.epoch() == 0 && Set.of("single", "soft-vote", "hard-vote", "fine-tune", "fine-tune-vote")
                            .contains(x.method().label()) ? 0 : 3;
                    case Experiment.MONOLITHIC -> monoLast;
                    default -> 0;
                });
                assertThat(x.balancedAccuracy()).isBetween(0.0, 1.0);
                assertThat(x.accuracy()).isGreaterThan(0.15); // chance is 0.1
            });
            // one draw per budget and repeat, the repeat's seed's: the digest of exactly the labelled images LabelBudget chooses
            org.eagerae.data.DataSplit split = TinyRuns.idx(tmp.resolve("data"), 300, 100, seed).load();
            org.eagerae.classify.ClassifierOptions options = layout.readConfig().classifierOptions(seed).withLabelsPerClass(5);
            org.eagerae.data.DataSplit drawn = org.eagerae.classify.LabelBudget.apply(split, options);
            assertThat(drawn.train().size() + drawn.validation().size()).isEqualTo(50);
            String expected = org.eagerae.classify.LabelledImages.sha256(drawn);
            assertThat(all).extracting(ResultRow::labelsSha256).containsOnly(expected);
            digests.add(expected);
            // every label: the protocol's own rows, on the whole training and validation split
            assertThat(rows.stream().filter(x -> x.repeat() == r && x.labelsPerClass() == 0 && x.selection() == Selection.EPOCH))
                    .extracting(ResultRow::labelsSha256).containsOnly(org.eagerae.classify.LabelledImages.sha256(split));
            digests.add(org.eagerae.classify.LabelledImages.sha256(split));
        }
        assertThat(digests).as("each repeat draws its own labels, and none is the whole split").hasSize(4);
    }

    @Test
    void theCurvesEveryLabelIsTheProtocolWithoutABudget() {
        ExperimentConfig config = layout.readConfig();
        LabelCurve curve = new LabelCurve(layout.readResults(), config.labelBudgets(), config.countsLabelsInAll(), 2);
        assertThat(curve.budgets()).containsExactly(LabelAmount.perClass(5), LabelAmount.EVERY_LABEL);
        for (String series : CURVE_METHODS) {
            String[] mm = series.split("/");
            java.util.Map<Integer, Double> expected = new java.util.TreeMap<>();
            for (int repeat = 1; repeat <= 2; repeat++) {
                int r = repeat;
                protocolRows().stream().filter(x -> x.repeat() == r && x.model().equals(mm[0]) && x.method().label().equals(mm[1])
                                && x.selection() == Selection.EPOCH).max(java.util.Comparator.comparingInt(ResultRow::epoch))
                        .ifPresent(x -> expected.put(r, x.accuracy()));
            }
            assertThat(expected).as(series).hasSize(2);
            assertThat(curve.byRepeat(curveSeries(series), LabelAmount.EVERY_LABEL, ResultRow::accuracy)).as(series).isEqualTo(expected);
            assertThat(curve.byRepeat(curveSeries(series), LabelAmount.perClass(5), ResultRow::accuracy)).as(series).hasSize(2);
        }
        for (String series : SEMI_SUPERVISED) {
            assertThat(curve.byRepeat(curveSeries(series), LabelAmount.perClass(5), ResultRow::accuracy)).as(series).hasSize(2);
            assertThat(curve.byRepeat(curveSeries(series), LabelAmount.EVERY_LABEL, ResultRow::accuracy)).as(series).isEmpty();
        }
    }

    /** The series of one of this test's {@code model/method} names, at its last epoch classified. */
    private static ReportSeries curveSeries(String modelMethod) {
        String[] mm = modelMethod.split("/");
        return ReportSeries.of(mm[0], org.eagerae.classify.Method.of(mm[1]), modelMethod);
    }

    @Test
    void theReportHasTheLabelCurveItsTablesAndThePairedComparisons() throws Exception {
        String html = Files.readString(layout.report());
        String curve = html.substring(html.indexOf("<h2>Label efficiency"), html.indexOf("<h2>Why the vote wins"));
        assertThat(curve).contains("<caption>With 5 labels per class: mean &plusmn; sd over repeats (n = 2)</caption>",
                "<caption>With every label: mean &plusmn; sd over repeats (n = 2)</caption>", "<th>balanced accuracy (%)</th>",
                "<th>ensemble: soft vote &minus; monolithic</th>", "<th>ensemble: soft vote &minus; raw pixels (no encoder)</th>",
                "<th>ensemble: spread vote (semi-supervised) &minus; raw pixels: spread (semi-supervised)</th>",
                "<tr><td>ensemble: spread vote (semi-supervised)</td>", "<tr><td>ensemble: vote of fine-tuned members</td>",
                "<th>ensemble: soft vote &minus; ensemble at its initial weights: soft vote (untrained)</th>",
                "<th>ensemble: vote of fine-tuned members &minus; the same network trained from scratch: vote</th>",
                "<th>ensemble: spread vote (semi-supervised) &minus; the same network trained from scratch: vote</th>",
                "Holm across the 13 cells of this table"); // 8 pairs with a budget, 5 with every label (spreading needs a budget)
        String number = "(?:[+\u2212]\\d+\\.\\d\\d|0\\.00)";
        assertThat(curve).containsPattern("<tr><td>5 labels per class</td><td>(?:<strong>)?" + number + " \\[" + number + ", " + number
                + "\\]\\*?, ahead in \\d of 2");
        assertThat(curve.split("<tr><td>ensemble: soft vote</td>", -1)).hasSize(3); // a row in each budget's table
        assertThat(html).contains("<caption>Test balanced accuracy (%) by epoch", "accuracy-vs-labels-per-class.png",
                "5 labels per class, every label (classifiers only");
    }

    @Test
    void aBudgetMoreThanAClassHasIsRefusedBeforeAnyWork() {
        ExperimentConfig config = layout.readConfig().withLabelsPerClass(List.of(5, 1000));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> experiment(config, tmp.resolve("data")).checkLabelBudgets())
                .isInstanceOf(org.eagerae.InvalidSettingException.class)
                .hasMessageStartingWith("labelsPerClass 1000 is more than class 0 has in the training split (");
        experiment(layout.readConfig(), tmp.resolve("data")).checkLabelBudgets(); // 5 fits
    }

    @Test
    void rerunningDoesNotRedoFinishedWork() throws Exception {
        long before = Files.size(tmp.resolve("exp/results.csv"));
        String mono = Files.readString(layout.run(1, Experiment.MONOLITHIC).resolve("metrics.csv"));
        experiment(layout.readConfig(), tmp.resolve("data")).run();
        assertThat(Files.size(tmp.resolve("exp/results.csv"))).isEqualTo(before);
        assertThat(Files.readString(layout.run(1, Experiment.MONOLITHIC).resolve("metrics.csv"))).isEqualTo(mono);
    }

    @Test
    void reportHasEveryFigureAndTheTables() throws Exception {
        String html = Files.readString(layout.report());
        assertThat(html).contains("Test accuracy (%) by epoch").contains("ensemble: stacked").contains("Machine and versions");
        assertThat(html.split("data:image/png;base64,", -1)).hasSize(10); // nine figures, the label curve's among them
        try (var figures = Files.list(layout.figures())) {
            assertThat(figures.filter(f -> f.toString().endsWith(".png")).count()).isEqualTo(9);
        }
        assertThat(layout.figures().resolve("accuracy-vs-labels-per-class.png")).isRegularFile();
    }

    @Test
    @Tag("browser")
    void reportRendersInHeadlessChromiumWithEveryFigureLoaded() throws Exception {
        String browser = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").stream()
                .filter(p -> new File(p).canExecute()).findFirst().orElse(null);
        Assumptions.assumeTrue(browser != null, "Chromium is not installed (apt-get install chromium): skipping the browser test");
        Path profile = Files.createTempDirectory(tmp, "chromium-");
        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=5000", "--dump-dom", layout.report().toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dom).contains("figures loaded: 9/9");
    }

    @Test
    @Tag("browser")
    void reportFitsAPhonesWidthWithWideTablesScrollingInTheirBoxes() throws Exception {
        String browser = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").stream()
                .filter(p -> new File(p).canExecute()).findFirst().orElse(null);
        Assumptions.assumeTrue(browser != null, "Chromium is not installed (apt-get install chromium): skipping the browser test");
        // headless Chromium keeps its window at least 500 pixels wide: the report is laid out in a frame 375 pixels wide,
        // a phone's viewport, and the page measures what the report inside needs
        String report = Files.readString(layout.report());
        Path phone = tmp.resolve("phone.html");
        Files.writeString(phone, "<!DOCTYPE html><html><body style=\"margin:0\"><iframe id=\"phone\" style=\"width:375px;height:812px;border:0\""
                + " srcdoc=\"" + report.replace("&", "&amp;").replace("\"", "&quot;") + "\"></iframe><p id=\"measured\">not measured</p>"
                + "<script>window.addEventListener('load',function(){var f=document.getElementById('phone');"
                + "document.getElementById('measured').textContent='viewport '+f.contentWindow.innerWidth+' scroll width '"
                + "+f.contentDocument.documentElement.scrollWidth+' tables '+f.contentDocument.querySelectorAll('div.table>table').length;});"
                + "</script></body></html>");
        Path profile = Files.createTempDirectory(tmp, "chromium-");
        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=5000", "--dump-dom", phone.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("viewport (\\d+) scroll width (\\d+) tables (\\d+)").matcher(dom);
        assertThat(m.find()).as("the measurement in the page:%n%s", dom.substring(Math.max(0, dom.length() - 2000))).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(375);
        assertThat(Integer.parseInt(m.group(2))).as("the report's scroll width at 375 pixels").isLessThanOrEqualTo(375);
        assertThat(Integer.parseInt(m.group(3))).as("every table in a scrolling box").isEqualTo(report.split("<table", -1).length - 1);
    }
}

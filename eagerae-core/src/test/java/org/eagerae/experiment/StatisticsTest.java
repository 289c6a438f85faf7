package org.eagerae.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.eagerae.classify.Diversity;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void oneRepeatShowsItsValueInsteadOfAZeroSpread() {
        Stats one = Stats.of(List.of(97.125));
        assertThat(one.sd()).isNaN();
        assertThat(one.n()).isEqualTo(1);
        assertThat(one.format("%.2f")).isEqualTo("97.13").doesNotContain("\u00b1");
        assertThat(one.format("%.2f", " %")).isEqualTo("97.13 %");
    }

    @Test
    void severalRepeatsGiveMeanSampleSdAndN() {
        Stats s = Stats.of(List.of(1.0, 2.0, 6.0));
        assertThat(s.mean()).isEqualTo(3.0);
        assertThat(s.sd()).isCloseTo(Math.sqrt(7.0), within(1e-12)); // ((4 + 1 + 9) / 2)
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.format("%.2f")).isEqualTo("3.00 \u00b1 2.65"); // n is its table's, stated once
    }

    @Test
    void pairedComparisonUsesOnlyRepeatsWithBothSides() {
        PairedComparison p = PairedComparison.of(Map.of(1, 97.0, 2, 96.0, 3, 98.0, 4, 90.0), Map.of(1, 96.5, 2, 96.5, 3, 97.0));
        assertThat(p.differences()).containsExactly(0.5, -0.5, 1.0);
        assertThat(p.ahead()).isEqualTo(2);
        assertThat(p.stats().n()).isEqualTo(3);
        // mean 1/3, sd 0.7638, t(0.975; 2) = 4.302653: 1/3 -/+ 4.302653 * 0.7638 / sqrt 3 = [-1.56, +2.23]
        assertThat(p.describe()).isEqualTo("+0.33 [\u22121.56, +2.23], ahead in 2 of 3");
        assertThat(p.describe(" points")).isEqualTo("+0.33 [\u22121.56, +2.23] points, ahead in 2 of 3");
    }

    /** A results file of an earlier version gets today's header before new rows join it; its rows stay as they were. */
    @Test
    void anOlderResultsFileGetsTodaysColumnsBeforeRowsAreAppended(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String oldHeader = ResultRow.CSV_HEADER.substring(0, ResultRow.CSV_HEADER.indexOf(",unsupervised_images"));
        String oldRow = "1,pixels,raw-pixels,epoch,0,0.000,0.800000,0.500,1.500,,,,,,0.750000,10,ab12";
        java.nio.file.Files.writeString(dir.resolve("results.csv"), oldHeader + "\n" + oldRow + "\n");
        ExperimentLayout layout = new ExperimentLayout(dir);
        ResultRow added = new ResultRow(1, "pixels", org.eagerae.classify.Method.RAW_PIXELS, Selection.EPOCH, 0, 0, 0.9, 0.5, 1.5, null,
                0.85, 30, "cd34", 54000, 0);
        layout.appendResults(List.of(added));
        List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("results.csv"));
        assertThat(lines).containsExactly(ResultRow.CSV_HEADER, oldRow + ",,0", added.toCsv());
        assertThat(layout.readResults()).containsExactly(ResultRow.fromCsv(oldRow), added);
    }

    @Test
    void resultRowsRoundTripAndOldRowsStillRead() {
        ResultRow row = new ResultRow(2, "ensemble", org.eagerae.classify.Method.SOFT_VOTE, Selection.WITH_CLASSIFIER, 3, 12.5, 0.9712, 1.25, 3.5,
                new Diversity(0.031, 4, 17, 9, 10000));
        assertThat(ResultRow.fromCsv(row.toCsv())).isEqualTo(row);
        ResultRow old = ResultRow.fromCsv("1,monolithic,single,epoch,5,10.000,0.950000,1.000,2.000");
        assertThat(old.selection()).isEqualTo(Selection.EPOCH);
        assertThat(old.diversity()).isNull();
        assertThat(ResultRow.fromCsv(old.toCsv())).isEqualTo(old);
        // a label budget's row: its balanced accuracy, budget and labelled images' digest, and a key of its own
        ResultRow budgeted = new ResultRow(1, "pixels", org.eagerae.classify.Method.RAW_PIXELS, Selection.EPOCH, 0, 0, 0.8, 0.5, 1.5, null,
                0.75, 10, "ab12", 60000, 0);
        assertThat(ResultRow.fromCsv(budgeted.toCsv())).isEqualTo(budgeted);
        assertThat(budgeted.toCsv()).endsWith(",10,ab12,60000,0");
        ResultRow inAll = new ResultRow(1, "pixels", org.eagerae.classify.Method.RAW_PIXELS, Selection.EPOCH, 0, 0, 0.8, 0.5, 1.5, null,
                0.75, 0, "ab12", 60000, 100);
        assertThat(ResultRow.fromCsv(inAll.toCsv())).isEqualTo(inAll);
        assertThat(inAll.budget()).isEqualTo(LabelAmount.inAll(100));
        assertThat(inAll.key()).isEqualTo("1/pixels/raw-pixels/epoch/0/labels-100-in-all");
        assertThat(budgeted.toCsv().split(",", -1)).hasSameSizeAs(ResultRow.CSV_HEADER.split(","));
        // a row written before the unsupervised images were counted
        ResultRow beforeCount = ResultRow.fromCsv("1,pixels,raw-pixels,epoch,0,0.000,0.800000,0.500,1.500,,,,,,0.750000,10,ab12");
        assertThat(beforeCount.unsupervisedImages()).isNull();
        assertThat(beforeCount.labelsSha256()).isEqualTo("ab12");
        assertThat(budgeted.key()).isEqualTo("1/pixels/raw-pixels/epoch/0/labels-10");
        assertThat(new ResultRow(1, "pixels", org.eagerae.classify.Method.RAW_PIXELS, Selection.EPOCH, 0, 0, 0.8, 0.5, 1.5, null).key())
                .isEqualTo("1/pixels/raw-pixels/epoch/0");
        // a row written with the diversity columns and before the budget's: every label, balanced accuracy unknown
        ResultRow withDiversity = ResultRow.fromCsv("2,ensemble,soft-vote,epoch,3,12.500,0.971200,1.250,3.500,0.031000,4,17,9,10000");
        assertThat(withDiversity.labelsPerClass()).isZero();
        assertThat(withDiversity.balancedAccuracy()).isNaN();
        assertThat(withDiversity.diversity().images()).isEqualTo(10000);
    }
}

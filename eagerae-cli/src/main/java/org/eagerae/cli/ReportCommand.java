package org.eagerae.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eagerae.experiment.ExperimentLayout;
import org.eagerae.experiment.ExperimentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eagerae report}: rebuilds an experiment's report from its files. */
@Command(name = "report", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Redraws an experiment's figures and report.html.",
            "",
            "Reads: the experiment folder's experiment.json, results.csv and run folders. Writes: its figures/ and report.html."},
        footerHeading = "%nExamples:%n",
        footer = "  eagerae report --run runs/experiment")
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The experiment folder.")
    Path run;

    @Override
    public Integer call() {
        EngineSetup.configure(EngineSetup.cores());
        System.out.println("report: " + new ExperimentReport(new ExperimentLayout(run)).write());
        return 0;
    }
}

package org.eagerae.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eagerae.InvalidInputException;
import org.eagerae.data.PublishedDataset;
import org.eagerae.data.VerifiedFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eagerae fetch}: puts a dataset into the data folder, verified; does nothing if it is there. */
@Command(name = "fetch", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Fetches a dataset into the data folder and checks it.",
            "",
            "Downloads a published dataset and checks every file's MD5; a dataset already there is only checked (the other"
                + " commands fetch what they need on first use too). A file that fails its MD5 is kept aside as NAME.bad-<time>"
                + " and replaced by a verified copy.",
            "",
            "Writes: the dataset's folder in the data folder (--data-dir, else $EAGERAE_DATA, else ./data)."},
        footerHeading = "%nExamples:%n",
        footer = {"  eagerae fetch mnist",
            "  eagerae fetch cifar10 --data-dir /data/eagerae"})
final class FetchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DATASET", completionCandidates = CompletionValues.Published.class,
            description = "mnist, fashion-mnist or cifar10.")
    String dataset;

    @Option(names = "--data-dir", description = "Data folder (default: $EAGERAE_DATA or ./data).")
    Path dataDir;

    @Override
    public Integer call() {
        PublishedDataset published = PublishedDataset.named(dataset).orElseThrow(() -> new InvalidInputException(
                "unknown dataset '" + dataset + "'; use one of " + PublishedDataset.ids()));
        long start = System.nanoTime();
        VerifiedFolder folder = published.ensure(DataDirs.resolve(dataDir));
        System.out.printf("%s: %s (%.1f s)%n", dataset, folder.origin(), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}

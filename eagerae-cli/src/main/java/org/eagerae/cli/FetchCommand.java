package org.eagerae.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eagerae.InvalidInputException;
import org.eagerae.data.Cifar10Fetcher;
import org.eagerae.data.MnistFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eagerae fetch}: puts a dataset into the data folder, verified; does nothing if it is there. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Fetches a dataset into the data folder and verifies it (idempotent).")
final class FetchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DATASET", description = "mnist, fashion-mnist or cifar10")
    String dataset;

    @Option(names = "--data-dir", description = "Data folder (default: $EAGERAE_DATA or ./data).")
    Path dataDir;

    @Override
    public Integer call() {
        Path root = DataDirs.resolve(dataDir);
        long start = System.nanoTime();
        Path dir = switch (dataset) {
            case "mnist" -> MnistFetcher.ensure(root);
            case "fashion-mnist" -> MnistFetcher.ensureFashion(root);
            case "cifar10" -> Cifar10Fetcher.ensure(root);
            default -> throw new InvalidInputException("unknown dataset '" + dataset + "'; use mnist, fashion-mnist or cifar10");
        };
        System.out.printf("%s: verified in %s (%.1f s)%n", dataset, dir, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}

package org.eagerae.cli;

import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidSettingException;
import org.eagerae.model.Architecture;
import picocli.CommandLine.Option;

/**
 * The options that choose the autoencoder's layers, shared by the commands that train; each one left
 * out keeps the paper's preset for the images ({@link Architecture#presetFor}).
 */
final class ArchitectureOptions {

    /** What the presets use, for the options' help. */
    static final String PRESETS = "the paper's preset: 16,32 for every image shape but 3x32x32 (MNIST's), 32,64 for 3x32x32 (CIFAR-10's)";

    @Option(names = "--filters", paramLabel = "<n,n,...>",
            description = "Encoder filters per stage, one count a stage, e.g. 16,32,64 for three stages (default: " + PRESETS + ").")
    String filters;

    @Option(names = "--kernel", paramLabel = "<size>", description = "Odd convolution kernel size (default: 5, both presets).")
    Integer kernel;

    @Option(names = "--pool", paramLabel = "<size>", description = "Max-pooling size and stride of every stage; image sides that"
            + " pool^stages does not divide are padded with zeros (default: 2, both presets).")
    Integer pool;

    /** The preset with the options given in its place. */
    Architecture over(Architecture preset) {
        Architecture layers = preset;
        if (filters != null) {
            layers = layers.withFilters(counts(filters));
        }
        if (kernel != null) {
            layers = layers.withKernel(kernel);
        }
        if (pool != null) {
            layers = layers.withPool(pool);
        }
        return layers;
    }

    /** {@code 16,32,64} as counts; anything but whole numbers separated by commas is refused. */
    static List<Integer> counts(String text) {
        List<Integer> counts = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                counts.add(Integer.parseInt(part.strip()));
            } catch (NumberFormatException e) {
                throw new InvalidSettingException("filters", "filters must list one positive filter count per stage, separated by"
                        + " commas (e.g. 16,32,64), got '" + text + "'");
            }
        }
        return counts;
    }
}

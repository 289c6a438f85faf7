package org.eagerae.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchFolderTest {

    @TempDir
    Path tmp;

    @Test
    void aNewFolderRemovesTheLeftoversOfEndedProcessesOnlyAndClosingDeletesIt() throws Exception {
        Files.createDirectories(tmp.resolve("eagerae-features-4194305-12/sub")); // above Linux's pid limit: never running
        Files.writeString(tmp.resolve("eagerae-features-4194305-12/sub/features-1.f32"), "x");
        long running = ProcessHandle.current().parent().orElseThrow().pid();
        Files.createDirectories(tmp.resolve("eagerae-features-" + running + "-3"));
        Files.createDirectories(tmp.resolve("eagerae-fine-tune-4194305-1")); // another prefix: not this one's to remove
        Files.createDirectories(tmp.resolve("eagerae-features-3181368806658573744")); // no process id (an older version's): left alone
        try (ScratchFolder scratch = ScratchFolder.create(tmp, "eagerae-features-")) {
            Files.writeString(scratch.path().resolve("features-1.f32"), "y");
            assertThat(scratch.path().getFileName().toString()).startsWith("eagerae-features-" + ProcessHandle.current().pid() + "-");
            assertThat(names()).containsExactlyInAnyOrder("eagerae-features-" + running + "-3", "eagerae-fine-tune-4194305-1",
                    "eagerae-features-3181368806658573744", scratch.path().getFileName().toString());
        }
        assertThat(names()).containsExactlyInAnyOrder("eagerae-features-" + running + "-3", "eagerae-fine-tune-4194305-1",
                "eagerae-features-3181368806658573744");
    }

    @Test
    void aFolderWhoseLockIsHeldIsKeptWhateverItsNameSays() throws Exception {
        Path held = Files.createDirectories(tmp.resolve("eagerae-member-0-4194305-8")); // a process id that runs nowhere here
        try (FileChannel channel = FileChannel.open(held.resolve(ScratchFolder.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            ScratchFolder.removeLeftovers(tmp, "eagerae-member-0-");
            assertThat(names()).containsExactly("eagerae-member-0-4194305-8");
        }
        ScratchFolder.removeLeftovers(tmp, "eagerae-member-0-");
        assertThat(names()).isEmpty();
    }

    @Test
    void theOwnersLockIsHeldWhileTheFolderIsOpen() throws Exception {
        try (ScratchFolder scratch = ScratchFolder.create(tmp, "eagerae-features-");
                FileChannel channel = FileChannel.open(scratch.path().resolve(ScratchFolder.LOCK), StandardOpenOption.WRITE)) {
            assertThatThrownBy(channel::tryLock).isInstanceOf(OverlappingFileLockException.class); // held by this JVM
        }
        assertThat(names()).isEmpty();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}

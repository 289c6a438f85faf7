package org.eagerae.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lock against real processes: live, ended, reused pids, other hosts. */
class RunLockTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    private Path lockHeldBy(long pid, String host, String processStart) throws Exception {
        Path file = tmp.resolve("run.lock");
        Files.write(file, JSON.writeValueAsBytes(new RunLock.Holder(pid, host, "2024-01-01T00:00:00Z", processStart)));
        return file;
    }

    /** The pid of a process that has ended. */
    private static long endedProcess() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void takenRecordsThisProcessAndReleasedRemovesTheFile() throws Exception {
        Path file = tmp.resolve("run.lock");
        try (RunLock lock = RunLock.acquire(file, warnings::add)) {
            RunLock.Holder holder = JSON.readValue(file.toFile(), RunLock.Holder.class);
            assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(holder.host()).isEqualTo(Environment.host());
            assertThat(holder.isAlive()).isTrue();
            assertThatThrownBy(() -> RunLock.acquire(file, warnings::add)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("in use by process " + ProcessHandle.current().pid() + " on " + Environment.host());
        }
        assertThat(file).doesNotExist();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aStaleLockOfAnEndedProcessIsTakenOverWithOneWarning() throws Exception {
        long dead = endedProcess();
        Path file = lockHeldBy(dead, Environment.host(), null);
        try (RunLock lock = RunLock.acquire(file, warnings::add)) {
            assertThat(JSON.readValue(file.toFile(), RunLock.Holder.class).pid()).isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(warnings).singleElement().asString().contains("taking over").contains("process " + dead).contains("no longer runs");
    }

    @Test
    void aLockWhosePidNowBelongsToAnotherProcessIsStale() throws Exception {
        Path file = lockHeldBy(ProcessHandle.current().pid(), Environment.host(), "2001-01-01T00:00:00Z");
        try (RunLock lock = RunLock.acquire(file, warnings::add)) {
            assertThat(warnings).hasSize(1);
        }
    }

    @Test
    void aLiveHolderOrOneOnAnotherHostIsRefusedAndTheLockKept() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Path file = lockHeldBy(sleeper.pid(), Environment.host(), null);
            byte[] before = Files.readAllBytes(file);
            assertThatThrownBy(() -> RunLock.acquire(file, warnings::add)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("process " + sleeper.pid()).hasMessageContaining(Environment.host());
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        Path elsewhere = lockHeldBy(endedProcess(), "another-machine", null);
        assertThatThrownBy(() -> RunLock.acquire(elsewhere, warnings::add)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("another-machine").hasMessageContaining("another host");
        Files.writeString(elsewhere, "{not json");
        assertThatThrownBy(() -> RunLock.acquire(elsewhere, warnings::add)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a lock");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aLockNeverCompletelyWrittenIsNoLockAndIsReplacedWithOneWarning() throws Exception {
        Path file = tmp.resolve("run.lock");
        byte[] whole = JSON.writeValueAsBytes(new RunLock.Holder(endedProcess(), Environment.host(), "2024-01-01T00:00:00Z", null));
        for (byte[] partial : new byte[][] {new byte[0], java.util.Arrays.copyOf(whole, whole.length / 2), new byte[16]}) {
            warnings.clear();
            Files.write(file, partial);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60))); // left by an earlier process
            try (RunLock lock = RunLock.acquire(file, warnings::add)) {
                assertThat(JSON.readValue(file.toFile(), RunLock.Holder.class).pid()).isEqualTo(ProcessHandle.current().pid());
            }
            assertThat(warnings).singleElement().asString().contains(file.toString()).contains(partial.length + " bytes")
                    .contains("never completely written");
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void anEmptyLockThatIsBeingWrittenIsWaitedFor() throws Exception {
        Path file = tmp.resolve("run.lock");
        Files.write(file, new byte[0]); // created a moment ago, where a file system without links has it written after
        byte[] holder = JSON.writeValueAsBytes(new RunLock.Holder(ProcessHandle.current().pid(), Environment.host(), "now", null));
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(300);
                Files.write(file, holder);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        try {
            assertThatThrownBy(() -> RunLock.acquire(file, warnings::add)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("in use by process " + ProcessHandle.current().pid());
        } finally {
            writer.join();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(holder);
        assertThat(warnings).isEmpty();
    }

    @Test
    void releasingLeavesALockThatIsNoLongerOurs() throws Exception {
        Path file = tmp.resolve("run.lock");
        RunLock lock = RunLock.acquire(file, warnings::add);
        Files.writeString(file, "{\"pid\": 1, \"host\": \"x\", \"startedAt\": \"now\", \"processStart\": null}");
        lock.close();
        assertThat(file).exists();
    }
}

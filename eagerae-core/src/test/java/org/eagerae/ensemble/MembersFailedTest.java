package org.eagerae.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.Test;

/** A failed member says why, root cause included, and a run with failed members names each of them. */
class MembersFailedTest {

    @Test
    void aFailureSaysItsRootCause() {
        assertThat(MemberRunner.describe(new UncheckedIOException("cannot write /r/members/m00/epoch-003.params",
                new IOException("No space left on device"))))
                .isEqualTo("UncheckedIOException: cannot write /r/members/m00/epoch-003.params: No space left on device");
        // a cause already in the message is not said twice
        assertThat(MemberRunner.describe(new UncheckedIOException(new IOException("Input/output error"))))
                .isEqualTo("UncheckedIOException: java.io.IOException: Input/output error");
        assertThat(MemberRunner.describe(new IllegalStateException("loss is NaN\nat epoch 3"))).isEqualTo("IllegalStateException: loss is NaN");
        assertThat(MemberRunner.describe(new IllegalStateException("step failed", new RuntimeException(
                "[enforce fail at alloc_cpu.cpp:118] DefaultCPUAllocator: not enough memory: you tried to allocate 6400000000 bytes"))))
                .startsWith("out of native memory (").endsWith("use a smaller batch size or fewer workers");
    }

    @Test
    void failedMembersAreNamedEachWithItsCauseAndOutOfMemoryOnlyWhenAllRanOut() {
        RunSpec spec = TinyRuns.spec(TinyRuns.idx(Path.of("data"), 100, 50), 3, 2, false);
        List<MemberJob> jobs = spec.jobs();
        String heap = MemberRunner.outOfHeap(jobs.get(0), "EAGERAE_WORKER_JAVA_OPTS=-Xmx6g");
        RunManifest oneKilled = manifest(spec, MemberStatus.failed(jobs.get(0), 1, "worker process died (exit code 137: killed by signal 9)"),
                MemberStatus.pending(jobs.get(1)), MemberStatus.failed(jobs.get(2), 0, heap));
        MembersFailedException e = new MembersFailedException("run runs/a", oneKilled);
        assertThat(e).hasMessage("run runs/a: 2 of 3 members failed: m00: worker process died (exit code 137: killed by signal 9); m02: "
                + heap);
        assertThat(e.failed()).extracting(MemberStatus::member).containsExactly(0, 2);
        assertThat(e.outOfMemory()).isFalse();
        assertThat(e).isInstanceOf(IllegalStateException.class); // what EnsembleTrainer.train threw before

        RunManifest allOutOfMemory = manifest(spec, MemberStatus.failed(jobs.get(0), 0, heap), MemberStatus.pending(jobs.get(1)),
                MemberStatus.failed(jobs.get(2), 0, MemberRunner.describe(new RuntimeException("not enough memory: you tried to allocate 8 bytes"))));
        assertThat(new MembersFailedException("run runs/a", allOutOfMemory).outOfMemory()).isTrue();
    }

    private static RunManifest manifest(RunSpec spec, MemberStatus... members) {
        return new RunManifest(spec, List.of(members), Map.of(), List.of(), "2025-01-01T00:00:00Z", null, 0);
    }
}

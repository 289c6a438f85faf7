package org.eagerae.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.eagerae.InvalidSettingException;
import org.eagerae.run.Execution;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;
import org.eagerae.run.ThreadCount;
import org.junit.jupiter.api.Test;

/** How many threads a process may be given: at least 1, at most 4 per processor, a warning above one per processor. */
class ThreadLimitTest {

    @Test
    void upToFourThreadsPerProcessorWithAWarningAboveOne() {
        assertThat(ThreadCount.check("threads", 1, 2)).isEmpty();
        assertThat(ThreadCount.check("threads", 2, 2)).isEmpty();
        assertThat(ThreadCount.check("threads", 3, 2)).hasValue("3 threads on 2 processor(s): more threads than processors run slower, not faster");
        assertThat(ThreadCount.check("threads", 8, 2)).hasValue("8 threads on 2 processor(s): more threads than processors run slower, not faster");
        assertThatThrownBy(() -> ThreadCount.check("threads", 9, 2)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("threads must be at most 8 (4 x the 2 processor(s) it runs on), got 9")
                .extracting(e -> ((InvalidSettingException) e).setting()).isEqualTo("threads");
        assertThatThrownBy(() -> ThreadCount.check("threads", 100_000, 2)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("threads must be at most 8 (4 x the 2 processor(s) it runs on), got 100000");
        assertThatThrownBy(() -> ThreadCount.check("threads", 0, 2)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("threads must be >= 1, got 0");
        assertThatThrownBy(() -> ThreadCount.check("threads", -5, 2)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("threads must be >= 1, got -5");
    }

    @Test
    void trainingChecksAMembersThreadsAgainstTheProcessorsItRunsOn() {
        int cores = Training.cores();
        try (Backend here = new InlineBackend()) {
            assertThat(Training.requireThreads(cores, here)).isEmpty();
            assertThat(Training.requireThreads(cores + 1, here)).hasValueSatisfying(w -> assertThat(w).startsWith((cores + 1) + " threads on " + cores + " processor(s)"));
            assertThat(Training.requireThreads(4 * cores, here)).isPresent();
            assertThatThrownBy(() -> Training.requireThreads(4 * cores + 1, here)).isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("threads must be at most " + 4 * cores);
            assertThatThrownBy(() -> Training.requireThreads(0, here)).isInstanceOf(InvalidSettingException.class);
        }
        // a cluster's executors: their cores count, not this machine's
        assertThat(Training.requireThreads(64 * cores, cluster(OptionalInt.of(64 * cores)))).isEmpty();
        assertThatThrownBy(() -> Training.requireThreads(100_000, cluster(OptionalInt.of(2)))).isInstanceOf(InvalidSettingException.class)
                .hasMessage("threads must be at most 8 (4 x the 2 processor(s) it runs on), got 100000");
        // executors made with the run's thread count as their cores: only at least 1
        assertThat(Training.requireThreads(64 * cores, cluster(OptionalInt.empty()))).isEmpty();
        assertThatThrownBy(() -> Training.requireThreads(0, cluster(OptionalInt.empty()))).isInstanceOf(InvalidSettingException.class);
    }

    private static Backend cluster(OptionalInt cores) {
        return new Backend() {
            @Override
            public Execution execution() {
                return new Execution(org.eagerae.run.BackendName.of("cluster"), 2);
            }

            @Override
            public OptionalInt processorsPerMember() {
                return cores;
            }

            @Override
            public List<MemberStatus> run(RunDirectory run, RunSpec spec, List<MemberJob> jobs, EnsembleListener listener) {
                throw new UnsupportedOperationException();
            }
        };
    }
}

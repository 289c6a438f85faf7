package org.eagerae.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The allocator settings a worker's environment gets: eagerae's, the user's where set, glibc's on request. */
class NativeMemoryTest {

    @Test
    void aWorkerGetsTheTunedAllocatorWithItsArenasCapped() {
        Map<String, String> env = new HashMap<>();
        NativeMemory.applyTo(env);
        assertThat(env).containsEntry("MALLOC_ARENA_MAX", "2").containsEntry("MALLOC_MMAP_THRESHOLD_", "33554432")
                .containsEntry("MALLOC_TRIM_THRESHOLD_", "1073741824").containsEntry("MALLOC_TOP_PAD_", "268435456")
                .containsEntry("TORCH_CPP_LOG_LEVEL", "ERROR");
    }

    @Test
    void valuesAlreadyInTheEnvironmentWin() {
        Map<String, String> env = new HashMap<>(Map.of("MALLOC_ARENA_MAX", "8", "TORCH_CPP_LOG_LEVEL", "WARNING"));
        NativeMemory.applyTo(env);
        assertThat(env).containsEntry("MALLOC_ARENA_MAX", "8").containsEntry("TORCH_CPP_LOG_LEVEL", "WARNING")
                .containsEntry("MALLOC_TOP_PAD_", "268435456");
    }

    /** The launcher sets the main process's allocator itself (glibc reads it at start): the same variables, the same values. */
    @Test
    void theLauncherSetsTheSameAllocatorValuesAsTheWorkersGet() throws Exception {
        String launcher = Files.readString(Path.of("..", "eagerae"), StandardCharsets.UTF_8);
        Map<String, String> allocator = new HashMap<>(NativeMemory.ENVIRONMENT);
        allocator.keySet().removeIf(k -> !k.startsWith("MALLOC_"));
        assertThat(allocator).hasSize(4);
        allocator.forEach((k, v) -> assertThat(launcher).contains("export " + k + "=\"${" + k + ":-" + v + "}\""));
        assertThat(launcher.lines().filter(l -> l.trim().startsWith("export MALLOC_"))).hasSize(allocator.size());
    }

    @Test
    void glibcsDefaultsOnRequestSetNoAllocatorVariable() {
        Map<String, String> env = new HashMap<>(Map.of("EAGERAE_ALLOCATOR", "glibc"));
        NativeMemory.applyTo(env);
        assertThat(env.keySet()).noneMatch(k -> k.startsWith("MALLOC_"));
        assertThat(env).containsEntry("TORCH_CPP_LOG_LEVEL", "ERROR");
    }
}

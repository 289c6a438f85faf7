package org.eagerae.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The CPU's vector extensions, from the flags of {@code /proc/cpuinfo} (Linux). */
public final class CpuFeatures {

    /** The flags that decide which kernels oneDNN and MKL can use, in order of appearance in CPUs. */
    private static final List<String> VECTOR_FLAGS = List.of("sse4_2", "avx", "fma", "avx2", "avx512f", "avx512bw",
            "avx512vl", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_bf16");

    private CpuFeatures() {}

    /** The vector extensions among {@code flags} (a {@code /proc/cpuinfo} flags line), in a fixed order. */
    public static List<String> vectorExtensions(String flags) {
        Set<String> present = Arrays.stream(flags.trim().split("\\s+")).collect(Collectors.toSet());
        return VECTOR_FLAGS.stream().filter(present::contains).toList();
    }

    /** This machine's vector extensions; empty where {@code /proc/cpuinfo} cannot be read. */
    public static List<String> vectorExtensions() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> vectorExtensions(l.substring(l.indexOf(':') + 1)))
                    .orElse(List.of());
        } catch (IOException e) {
            return List.of();
        }
    }

    /** One line for benchmark output, e.g. {@code sse4_2 avx fma avx2 (no AVX-512)}. */
    public static String describe(List<String> extensions) {
        String list = extensions.isEmpty() ? "unknown" : String.join(" ", extensions);
        return extensions.contains("avx512f") ? list : list + " (no AVX-512)";
    }
}

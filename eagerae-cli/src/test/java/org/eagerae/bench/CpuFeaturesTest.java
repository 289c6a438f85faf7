package org.eagerae.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuFeaturesTest {

    @Test
    void picksTheVectorExtensionsOutOfAFlagsLine() {
        String avx2 = "fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt avx f16c rdrand avx2 bmi2 sha_ni";
        assertThat(CpuFeatures.vectorExtensions(avx2)).containsExactly("sse4_2", "avx", "fma", "avx2");
        assertThat(CpuFeatures.describe(CpuFeatures.vectorExtensions(avx2))).isEqualTo("sse4_2 avx fma avx2 (no AVX-512)");
        String avx512 = avx2 + " avx512f avx512dq avx512bw avx512vl avx512_vnni avx512_bf16";
        assertThat(CpuFeatures.describe(CpuFeatures.vectorExtensions(avx512)))
                .isEqualTo("sse4_2 avx fma avx2 avx512f avx512bw avx512vl avx512_vnni avx512_bf16");
    }
}

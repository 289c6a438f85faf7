package org.eagerae.spark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The JVM-wide guard: a second member in the same JVM fails clearly; the JVM is free again after the first. */
class OneMemberPerJvmTest {

    @Test
    void aSecondMemberInTheSameJvmFailsWithAClearMessage() throws Exception {
        try (OneMemberPerJvm first = OneMemberPerJvm.claim(0, "executor 1")) {
            Thread other = new Thread(() -> assertThatThrownBy(() -> OneMemberPerJvm.claim(1, "executor 1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("member 1 cannot train in executor 1: member 0 is training in this JVM")
                    .hasMessageContaining("spark.executor.cores = spark.task.cpus"));
            other.start();
            other.join();
        }
        try (OneMemberPerJvm again = OneMemberPerJvm.claim(1, "executor 1")) {
            assertThatThrownBy(() -> OneMemberPerJvm.claim(2, "executor 1")).hasMessageContaining("member 1 is training");
        }
    }
}

package org.eagerae.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path tmp;

    @Test
    void arraysReadBackAsWritten() {
        Path floats = tmp.resolve("f.npy");
        Npy.write(floats, new float[] {1.5f, -2f, 3f, 4f, 5f, 6f}, 1, 2, 3);
        Npy.Array f = Npy.read(floats);
        assertThat(f.descr()).isEqualTo(Npy.FLOAT32);
        assertThat(f.shape()).containsExactly(1, 2, 3);
        float[] values = new float[6];
        f.data().asFloatBuffer().get(values);
        assertThat(values).containsExactly(1.5f, -2f, 3f, 4f, 5f, 6f);
        Path ints = tmp.resolve("i.npy");
        Npy.write(ints, new int[] {7, -1}, 2);
        Npy.Array i = Npy.read(ints);
        assertThat(i.shape()).containsExactly(2);
        assertThat(i.data().getInt()).isEqualTo(7);
        assertThat(i.data().getInt()).isEqualTo(-1);
    }

    @Test
    void chunkedWritesMustFillTheShapeAndLeaveNoFileOtherwise() {
        Path ok = tmp.resolve("ok.npy");
        Npy.write(ok, new long[] {3, 2}, sink -> {
            sink.accept(new float[] {1, 2, 3, 4});
            sink.accept(new float[] {5, 6});
        });
        assertThat(Npy.read(ok).size()).isEqualTo(6);
        Path bad = tmp.resolve("bad.npy");
        assertThatThrownBy(() -> Npy.write(bad, new long[] {3, 2}, sink -> sink.accept(new float[] {1, 2})))
                .hasMessageContaining("holds 6 values but 2 came");
        assertThat(bad).doesNotExist();
    }

    @Test
    void theHeaderIsAlignedToSixtyFourBytes() throws Exception {
        Path file = tmp.resolve("a.npy");
        Npy.write(file, new float[] {1, 2}, 2);
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(new String(bytes, 10, headerLength)).contains("'shape': (2,)").endsWith("\n");
    }
}

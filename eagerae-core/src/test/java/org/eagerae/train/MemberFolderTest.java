package org.eagerae.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eagerae.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A member's files without training: checkpoints that prove they are whole, epochs by number, repairs on resume. */
class MemberFolderTest {

    @TempDir
    Path tmp;

    /** A small checkpoint whose values depend on the epoch. */
    private static Checkpoint checkpoint(int epoch) {
        List<float[]> w = List.of(new float[] {epoch, 0.5f, -1.25f}, new float[] {epoch * 2f});
        List<float[]> m = List.of(new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.4f});
        List<float[]> v = List.of(new float[] {1e-3f, 2e-3f, 3e-3f}, new float[] {4e-3f});
        return new Checkpoint(epoch, 12L * epoch, w, m, v);
    }

    private static EpochRecord row(int member, int epoch) {
        return new EpochRecord(member, epoch, 0.1 / epoch, 0.2 / epoch, 1.5, 1.5 * epoch);
    }

    /** A member folder with epochs 1..n recorded. */
    private MemberFolder folderWithEpochs(int n) {
        MemberFolder folder = new MemberFolder(tmp.resolve("m00"), 0);
        for (int e = 1; e <= n; e++) {
            folder.record(row(0, e), checkpoint(e));
        }
        return folder;
    }

    @Test
    void aCheckpointReadsBackExactly() {
        Path file = tmp.resolve("c.params");
        checkpoint(3).write(file);
        Checkpoint back = Checkpoint.read(file);
        assertThat(back.epoch()).isEqualTo(3);
        assertThat(back.adamSteps()).isEqualTo(36);
        assertThat(back.weights().get(0)).containsExactly(3f, 0.5f, -1.25f);
        assertThat(back.variances().get(1)).containsExactly(4e-3f);
    }

    @Test
    void everyKindOfDamageIsFoundAndNamesTheFile() throws Exception {
        Path file = tmp.resolve("c.params");
        checkpoint(1).write(file);
        byte[] whole = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 1));
        assertThatThrownBy(() -> Checkpoint.read(file)).isInstanceOf(Checkpoint.DamagedException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("truncated");

        byte[] flipped = whole.clone();
        flipped[whole.length / 2] ^= 0x10;
        Files.write(file, flipped);
        assertThatThrownBy(() -> Checkpoint.read(file)).isInstanceOf(Checkpoint.DamagedException.class).hasMessageContaining("CRC32");

        Files.write(file, java.util.Arrays.copyOf(whole, whole.length + 3));
        assertThatThrownBy(() -> Checkpoint.read(file)).isInstanceOf(Checkpoint.DamagedException.class).hasMessageContaining("header says");

        Files.writeString(file, "not a checkpoint at all");
        assertThatThrownBy(() -> Checkpoint.read(file)).isInstanceOf(Checkpoint.DamagedException.class)
                .hasMessageContaining("not an eagerae checkpoint");

        Files.write(file, new byte[] {0x45, 0x41});
        assertThatThrownBy(() -> Checkpoint.read(file)).isInstanceOf(Checkpoint.DamagedException.class);

        Path missing = tmp.resolve("none.params");
        assertThatThrownBy(() -> Checkpoint.read(missing)).isInstanceOf(InvalidInputException.class)
                .isNotInstanceOf(Checkpoint.DamagedException.class).hasMessageContaining("missing").hasMessageContaining(missing.toString());
    }

    @Test
    void checkpointsOfTheEarlierFormatStillRead() throws Exception {
        Path file = tmp.resolve("old.params");
        Checkpoint cp = checkpoint(2);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(0x45414531); // "EAE1": no length, no checksum
            out.writeInt(cp.epoch());
            out.writeLong(cp.adamSteps());
            out.writeInt(cp.weights().size());
            for (int i = 0; i < cp.weights().size(); i++) {
                for (float[] a : List.of(cp.weights().get(i), cp.means().get(i), cp.variances().get(i))) {
                    out.writeInt(a.length);
                    for (float f : a) {
                        out.writeFloat(f);
                    }
                }
            }
        }
        Checkpoint back = Checkpoint.read(file);
        assertThat(back.epoch()).isEqualTo(2);
        assertThat(back.weights().get(0)).containsExactly(cp.weights().get(0));
        assertThat(back.means().get(0)).containsExactly(cp.means().get(0));
    }

    @Test
    void aMetricsFileRefusesARepeatedOrSkippedEpoch() throws Exception {
        Path file = tmp.resolve("metrics.csv");
        MetricsFile.append(file, row(0, 1));
        MetricsFile.append(file, row(0, 2));
        MetricsFile.append(file, row(1, 1)); // another member's rows live beside them in the run's file
        String before = Files.readString(file);
        assertThatThrownBy(() -> MetricsFile.append(file, row(0, 2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("epoch 2").hasMessageContaining("already");
        assertThatThrownBy(() -> MetricsFile.append(file, row(1, 3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("its last epoch there is 1");
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(MetricsFile.read(file)).containsExactly(row(0, 1), row(0, 2), row(1, 1));
    }

    @Test
    void aMemberRecordsAnEpochOnceAndKeepsItsCheckpoint() throws Exception {
        MemberFolder folder = folderWithEpochs(2);
        byte[] second = Files.readAllBytes(folder.checkpoint(2));
        Checkpoint other = new Checkpoint(2, 99, checkpoint(2).weights(), checkpoint(2).means(), checkpoint(2).variances());
        assertThatThrownBy(() -> folder.record(row(0, 2), other))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
        assertThat(Files.readAllBytes(folder.checkpoint(2))).as("the recorded checkpoint is untouched").isEqualTo(second);
        assertThat(folder.epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2);
    }

    @Test
    void aRepeatedOrMisplacedRowInAMembersMetricsIsRefusedNamingTheFileAndRepairedOnResume() throws Exception {
        MemberFolder folder = folderWithEpochs(3);
        String whole = Files.readString(folder.metricsFile());
        Files.writeString(folder.metricsFile(), row(0, 2).toCsv() + "\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(folder::epochs).isInstanceOf(InvalidInputException.class)
                .hasMessage(folder.metricsFile() + ": the row after epoch 3 is member 0's epoch 2");

        Files.writeString(folder.metricsFile(), whole.replace(row(0, 2).toCsv(), row(1, 2).toCsv()));
        assertThatThrownBy(folder::epochs).isInstanceOf(InvalidInputException.class)
                .hasMessage(folder.metricsFile() + ": the row after epoch 1 is member 1's epoch 2");

        Files.writeString(folder.metricsFile(), whole + row(0, 2).toCsv() + "\n");
        List<String> warnings = new ArrayList<>();
        assertThat(folder.recover(warnings::add).epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3);
        assertThat(warnings).singleElement().asString().contains("keeping epochs 1..3");
        assertThat(Files.readString(folder.metricsFile())).isEqualTo(whole);
        assertThat(folder.epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3);
    }

    @Test
    void aFolderThatNeedsNoRepairIsLeftAsItIs() throws Exception {
        MemberFolder folder = folderWithEpochs(3);
        String metrics = Files.readString(folder.metricsFile());
        List<String> warnings = new ArrayList<>();
        MemberFolder.Resume resume = folder.recover(warnings::add);
        assertThat(warnings).isEmpty();
        assertThat(resume.epochs()).containsExactly(row(0, 1), row(0, 2), row(0, 3));
        assertThat(resume.checkpoint().orElseThrow().epoch()).isEqualTo(3);
        assertThat(Files.readString(folder.metricsFile())).isEqualTo(metrics);
        assertThat(new MemberFolder(tmp.resolve("never"), 0).recover(warnings::add).epochs()).isEmpty();
    }

    @Test
    void aBadRowKeepsTheRowsBeforeItWithOneWarning() throws Exception {
        MemberFolder folder = folderWithEpochs(4);
        List<String> lines = new ArrayList<>(Files.readAllLines(folder.metricsFile()));
        lines.set(3, "0,3,0.0333,garbage"); // epoch 3's row (line 1 is the header)
        Files.write(folder.metricsFile(), lines);
        List<String> warnings = new ArrayList<>();
        MemberFolder.Resume resume = folder.recover(warnings::add);
        assertThat(resume.epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2);
        assertThat(resume.checkpoint().orElseThrow().epoch()).isEqualTo(2);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("metrics.csv: line 4").contains("keeping epochs 1..2");
        assertThat(folder.epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2);
        // the next epoch can be recorded again
        folder.record(row(0, 3), checkpoint(3));
        assertThat(folder.epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3);
    }

    @Test
    void anUnfinishedLastRowAndLeftoverTemporaryFilesAreRepaired() throws Exception {
        MemberFolder folder = folderWithEpochs(2);
        Files.writeString(folder.metricsFile(), "0,3,0.03", java.nio.file.StandardOpenOption.APPEND); // cut off mid-row
        Path leftover = folder.dir().resolve(".epoch-003.params12345.tmp");
        Files.writeString(leftover, "half a checkpoint");
        List<String> warnings = new ArrayList<>();
        assertThat(folder.recover(warnings::add).epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2);
        assertThat(warnings).singleElement().asString().contains("incomplete");
        assertThat(leftover).doesNotExist();
    }

    @Test
    void aDamagedLastCheckpointIsKeptAsideAndTheOneBeforeItIsUsed() throws Exception {
        MemberFolder folder = folderWithEpochs(3);
        Path third = folder.checkpoint(3);
        byte[] whole = Files.readAllBytes(third);
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        Files.write(third, truncated);
        List<String> warnings = new ArrayList<>();
        MemberFolder.Resume resume = folder.recover(warnings::add);
        assertThat(resume.epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2);
        assertThat(resume.checkpoint().orElseThrow().weights().get(0)).containsExactly(checkpoint(2).weights().get(0));
        assertThat(warnings).singleElement().asString().contains(third.toString()).contains("damaged").contains("kept as");
        assertThat(third).doesNotExist();
        try (Stream<Path> files = Files.list(folder.dir())) {
            Path aside = files.filter(f -> f.getFileName().toString().startsWith("epoch-003.params.damaged-")).findFirst().orElseThrow();
            assertThat(Files.readAllBytes(aside)).isEqualTo(truncated);
        }
        assertThatThrownBy(() -> folder.readCheckpoint(3)).isInstanceOf(InvalidInputException.class).hasMessageContaining("missing");
    }
}

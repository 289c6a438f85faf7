package org.eagerae.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.model.Architecture;
import org.eagerae.model.CaeSpec;
import org.eagerae.run.RunDirectory;
import org.eagerae.data.ImageDataset;
import org.eagerae.testing.TinyImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images in memory that cannot be trained on are refused before the run folder is touched. */
class EnsembleTrainerInputTest {

    @TempDir
    Path tmp;

    private static float[][] images(ImageDataset data) {
        float[][] images = new float[data.size()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = Arrays.copyOfRange(data.pixels(), i * data.imageSize(), (i + 1) * data.imageSize());
        }
        return images;
    }

    @Test
    void pixelsOutsideZeroToOneAreRefusedBeforeAnythingIsWritten() throws Exception {
        ImageDataset data = TinyImages.bars(40, 1, 28, 10, 5);
        Path empty = Files.createDirectories(tmp.resolve("empty")); // a folder the caller made for the run
        Path missing = tmp.resolve("missing");
        float[][] nan = images(data);
        nan[2][100] = Float.NaN;
        float[][] bytes = images(data);
        for (float[] image : bytes) {
            for (int p = 0; p < image.length; p++) {
                image[p] = Math.round(image[p] * 255);
            }
        }
        bytes[4][7] = 300;
        float[][] negative = images(data);
        negative[6][0] = -1;
        Object[][] cases = {{nan, "found NaN at image 2"}, {bytes, "found max 300.0 at image 4"}, {negative, "found min -1.0 at image 6"}};
        for (Object[] c : cases) {
            for (Path out : new Path[] {empty, missing}) {
                EnsembleTrainer trainer = EnsembleTrainer.onImages((float[][]) c[0], data.labels(), 1, 28, 28).split(20, 10)
                        .members(1).epochs(1).backend("inline").out(out);
                assertThatThrownBy(trainer::train).isInstanceOf(InvalidInputException.class)
                        .hasMessage("pixel values must be in [0, 1]; " + c[1]);
            }
            assertThat(empty).isEmptyDirectory();
            assertThat(missing).doesNotExist();
        }
    }

    @Test
    void layersTheImagesCannotTakeAreRefusedBeforeAnythingIsWrittenAndOthersAreStoredWithTheRun() throws Exception {
        ImageDataset data = TinyImages.bars(40, 1, 30, 10, 5);
        Path missing = tmp.resolve("deep");
        EnsembleTrainer deep = EnsembleTrainer.onImages(images(data), data.labels(), 1, 30, 30).split(20, 10).members(1).epochs(1)
                .backend("inline").architecture(new Architecture(List.of(4, 4, 4, 4, 4), 3, 2)).out(missing);
        assertThatThrownBy(deep::train).isInstanceOf(InvalidSettingException.class)
                .hasMessage("filters [4, 4, 4, 4, 4] with pool 2 shrink each side 32-fold (pool^stages), more than images of 30x30 allow;"
                        + " use fewer stages or a smaller pool");
        assertThat(missing).doesNotExist();

        Path out = tmp.resolve("three");
        EnsembleTrainer.onImages(images(data), data.labels(), 1, 30, 30).split(20, 10).members(1).epochs(1).backend("inline")
                .architecture(new Architecture(List.of(4, 4, 4), 3, 2)).out(out).train();
        assertThat(RunDirectory.open(out).readManifest().spec().model()).isEqualTo(new CaeSpec(1, 30, 30, List.of(4, 4, 4), 3, 2));
    }

    @Test
    void settingsRefusedAfterTheFolderIsMadeLeaveNoFolderAndKeepAnEmptyOne() throws Exception {
        ImageDataset data = TinyImages.bars(12, 1, 28, 10, 5);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path nested = tmp.resolve("new/deeper/run");
        for (Path out : new Path[] {empty, nested}) {
            EnsembleTrainer trainer = EnsembleTrainer.onImages(images(data), data.labels(), 1, 28, 28).split(10, 5)
                    .members(1).epochs(1).backend("inline").out(out);
            assertThatThrownBy(trainer::train).isInstanceOf(InvalidInputException.class).hasMessageContaining("asked for 10 training");
        }
        assertThat(empty).isEmptyDirectory();
        assertThat(tmp.resolve("new")).doesNotExist();
    }
}

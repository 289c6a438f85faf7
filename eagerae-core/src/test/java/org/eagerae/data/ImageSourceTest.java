package org.eagerae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.testing.IdxFiles;
import org.eagerae.testing.PngFiles;
import org.eagerae.testing.TinyImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourceTest {

    @TempDir
    Path tmp;

    @Test
    void everyGreyLevelOfAnEightBitPngReadsExactlyAsTheIdxPixel() throws Exception {
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int v = 0; v < 256; v++) {
            grey.getRaster().setSample(v % 16, v / 16, 0, v);
        }
        Path file = tmp.resolve("levels.png");
        PngFiles.write(file, grey);
        float[] asGrey = ImageSource.open(file, 1, 16, 16).read(0, 1);
        float[] asRgb = ImageSource.open(file, 3, 16, 16).read(0, 1);
        for (int v = 0; v < 256; v++) {
            assertThat(asGrey[v]).as("level " + v).isEqualTo(v / 255f);
            assertThat(asRgb[v]).isEqualTo(v / 255f);
            assertThat(asRgb[2 * 256 + v]).isEqualTo(v / 255f);
        }
    }

    @Test
    void colourPngsWithEqualChannelsAreExactAndOthersUseLuminance() throws Exception {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 77 << 16 | 77 << 8 | 77);
        rgb.setRGB(1, 0, 200 << 16 | 10 << 8 | 30);
        Path file = tmp.resolve("rgb.png");
        PngFiles.write(file, rgb);
        float[] grey = ImageSource.open(file, 1, 1, 2).read(0, 1);
        assertThat(grey[0]).isEqualTo(77 / 255f);
        assertThat(grey[1]).isEqualTo((0.299f * 200 + 0.587f * 10 + 0.114f * 30) / 255f);
        float[] colour = ImageSource.open(file, 3, 1, 2).read(0, 1);
        assertThat(colour).containsExactly(77 / 255f, 200 / 255f, 77 / 255f, 10 / 255f, 77 / 255f, 30 / 255f);
    }

    @Test
    void aFolderOfPngsWrittenFromIdxReadsAsTheIdxFileInPathOrder() throws Exception {
        ImageDataset images = TinyImages.bars(30, 1, 28, 10, 4);
        Path idx = tmp.resolve("idx");
        IdxFiles.writeMnistLayout(idx, images, images);
        ImageDataset fromIdx = IdxFolder.load(idx, 10).test().all();
        Path folder = PngFiles.writeByLabel(tmp.resolve("png"), fromIdx);
        ImageSource pngs = ImageSource.open(folder, 1, 28, 28);
        ImageSource file = ImageSource.open(idx.resolve("t10k-images-idx3-ubyte"), 1, 28, 28);
        assertThat(pngs.size()).isEqualTo(30);
        assertThat(file.size()).isEqualTo(30);
        assertThat(file.read(0, 30)).containsExactly(fromIdx.pixels());
        assertThat(file.id(7)).isEqualTo("7");
        for (int i = 0; i < 30; i++) {
            String id = pngs.id(i);
            int index = Integer.parseInt(id.substring(id.indexOf('/') + 1, id.indexOf(".png")));
            assertThat(id).startsWith(fromIdx.labels()[index] + "/");
            assertThat(pngs.read(i, 1)).as(id).containsExactly(file.read(index, 1));
        }
        assertThat(List.of(pngs.id(0), pngs.id(1))).isSorted();
    }

    @Test
    void cifarFilesReadAsTheTrainingReaderReadsThem() throws Exception {
        byte[] records = new byte[3 * Cifar10BinaryReader.RECORD];
        for (int i = 0; i < records.length; i++) {
            records[i] = (byte) (i % Cifar10BinaryReader.RECORD == 0 ? i / Cifar10BinaryReader.RECORD : i * 31);
        }
        Path file = tmp.resolve("test_batch.bin");
        Files.write(file, records);
        ImageSource source = ImageSource.open(file, 3, 32, 32);
        assertThat(source.size()).isEqualTo(3);
        assertThat(source.read(0, 3)).containsExactly(Cifar10BinaryReader.read(List.of(file)).pixels());
        assertThat(source.read(1, 2)).hasSize(2 * 3072);
    }

    @Test
    void badInputsAreNamedErrors() throws Exception {
        ImageDataset images = TinyImages.bars(5, 1, 28, 10, 4);
        Path idx = IdxFiles.writeMnistLayout(tmp.resolve("idx"), images, images);
        Path idxImages = idx.resolve("t10k-images-idx3-ubyte");
        assertThatThrownBy(() -> ImageSource.open(idxImages, 3, 28, 28)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("grey images (1 channel) but the model reads 3 channels");
        assertThatThrownBy(() -> ImageSource.open(idxImages, 1, 32, 32)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds 28x28 images but the model reads 32x32");
        Path cifar = tmp.resolve("data_batch_1.bin");
        Files.write(cifar, new byte[Cifar10BinaryReader.RECORD]);
        assertThatThrownBy(() -> ImageSource.open(cifar, 1, 28, 28)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("3 channels, CIFAR-10) but the model reads 1 channel");
        Path empty = Files.createDirectories(tmp.resolve("empty/sub"));
        assertThatThrownBy(() -> ImageSource.open(empty.getParent(), 1, 28, 28)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no PNG or JPEG images");
        Path other = tmp.resolve("notes.txt");
        Files.writeString(other, "hello");
        assertThatThrownBy(() -> ImageSource.open(other, 1, 28, 28)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a folder of PNG or JPEG images");
        Path broken = tmp.resolve("broken/b.png");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "not a png");
        ImageSource folder = ImageSource.open(broken.getParent(), 1, 28, 28);
        assertThatThrownBy(() -> folder.read(0, 1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("b.png");
    }

    @Test
    void aFolderHoldsOnlyImagesAsForTrainingHiddenNamesIgnored() throws Exception {
        Path folder = tmp.resolve("scans");
        PngFiles.writeSolid(folder.resolve("a.png"), 8, 8, 0x202020);
        PngFiles.writeSolid(folder.resolve("sub/b.PNG"), 8, 8, 0xe0e0e0);
        Files.writeString(folder.resolve(".DS_Store"), "hidden");
        Files.createDirectories(folder.resolve(".thumbnails"));
        Files.writeString(folder.resolve(".thumbnails/a.txt"), "in a hidden folder");
        ImageSource source = ImageSource.open(folder, 1, 8, 8);
        assertThat(source.size()).isEqualTo(2);
        assertThat(List.of(source.id(0), source.id(1))).containsExactly("a.png", "sub/b.PNG");

        Files.writeString(folder.resolve("sub/notes.txt"), "not an image");
        assertThatThrownBy(() -> ImageSource.open(folder, 1, 8, 8)).isInstanceOf(InvalidInputException.class)
                .hasMessage(folder.resolve("sub/notes.txt") + ": not a PNG or JPEG file; a folder of images may hold only images"
                        + " (names that start with a dot are ignored)");
    }

    @Test
    void aSourceKnowsTheFilesItReadsByAnyPath() throws Exception {
        Path folder = tmp.resolve("scans");
        PngFiles.writeSolid(folder.resolve("a.png"), 8, 8, 0x202020);
        PngFiles.writeSolid(folder.resolve("sub/b.png"), 8, 8, 0xe0e0e0);
        Files.writeString(tmp.resolve("out.csv"), "earlier output");
        ImageSource source = ImageSource.open(folder, 1, 8, 8);
        assertThat(source.reads(folder.resolve("sub/b.png"))).isTrue();
        assertThat(source.reads(folder.resolve("sub/../a.png"))).isTrue();
        assertThat(source.reads(tmp.resolve("out.csv"))).isFalse();
        assertThat(source.reads(folder.resolve("new.png"))).isFalse(); // not there: nothing to replace
        assertThatThrownBy(() -> source.requireNotRead(folder.resolve("a.png"))).isInstanceOf(InvalidInputException.class)
                .hasMessage(folder.resolve("a.png") + " is one of the images to read; writing there would replace it");
        assertThat(ImageSource.open(folder.resolve("a.png"), 1, 8, 8).reads(folder.resolve("a.png"))).isTrue();

        ImageDataset images = TinyImages.bars(5, 1, 28, 10, 4);
        Path idx = IdxFiles.writeMnistLayout(tmp.resolve("idx"), images, images).resolve("t10k-images-idx3-ubyte");
        assertThat(ImageSource.open(idx, 1, 28, 28).reads(idx)).isTrue();
        assertThat(ImageSource.of(images, "in memory").reads(idx)).isFalse();
    }
}

package org.eagerae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.testing.IdxFiles;
import org.eagerae.testing.Packages;
import org.eagerae.testing.PngFiles;
import org.eagerae.testing.TinyImages;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers on files written here in the real formats, and every bad-input case. */
class ReadersTest {

    @TempDir
    Path tmp;

    /** An image file's bytes: the header as given, then {@code pixelBytes} bytes 0, 1, 2, ... (mod 256). */
    private static byte[] idxImages(int magic, int n, int h, int w, int pixelBytes) {
        byte[] pixels = new byte[pixelBytes];
        for (int i = 0; i < pixelBytes; i++) {
            pixels[i] = (byte) i;
        }
        return IdxFiles.bytes(magic, new int[] {n, h, w}, pixels);
    }

    /** A label file's bytes: the header says {@code n} labels, then {@code count} labels 0, 1, 2, ... (mod 10). */
    private static byte[] idxLabels(int n, int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return IdxFiles.bytes(2049, new int[] {n}, labels);
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(tmp.resolve(name), content);
    }

    @Test
    void idxPixelsAreScaledExactlyAndGzipIsDetectedByContent() throws Exception {
        Path images = file("img", idxImages(2051, 3, 2, 2, 12));
        Path labels = file("lab", idxLabels(3, 3));
        ImageDataset raw = IdxReader.read(images, labels, 10);
        assertThat(raw.size()).isEqualTo(3);
        assertThat(raw.pixels()[5]).isEqualTo(5 / 255f);
        assertThat(raw.labels()).containsExactly(0, 1, 2);
        Path gz = Files.write(tmp.resolve("img-no-suffix"), Packages.gzip(Files.readAllBytes(images)));
        assertThat(IdxReader.read(gz, labels, 10).pixels()).containsExactly(raw.pixels());
    }

    @Test
    void idxWrongMagicNumber() throws Exception {
        Path images = file("img", idxImages(2049, 3, 2, 2, 12));
        assertThatThrownBy(() -> IdxReader.read(images, file("lab", idxLabels(3, 3)), 10))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("wrong magic number 2049, expected 2051").hasMessageContaining("img");
    }

    @Test
    void idxTruncatedFile() throws Exception {
        Path images = file("img", idxImages(2051, 3, 2, 2, 10));
        assertThatThrownBy(() -> IdxReader.read(images, file("lab", idxLabels(3, 3)), 10))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("truncated")
                .hasMessageContaining("need 28 bytes, the file has 26");
    }

    @Test
    void aHeaderClaimingFarMoreImagesThanTheFileHoldsIsTruncatedWhereverTheFileIsRead() throws Exception {
        Path dir = IdxFiles.writeMnistLayout(tmp.resolve("huge"), TinyImages.bars(12, 1, 28, 10, 1), TinyImages.bars(4, 1, 28, 10, 2));
        Path images = dir.resolve("train-images-idx3-ubyte");
        IdxFiles.setCount(images, Integer.MAX_VALUE);
        String truncated = images + " is truncated: 2147483647 images of 28x28 need 1683627179264 bytes, the file has " + (16 + 12 * 784);
        assertThatThrownBy(() -> IdxFolder.imageCount(dir)).isInstanceOf(InvalidInputException.class).hasMessage(truncated);
        assertThatThrownBy(() -> IdxFolder.imageShape(dir)).isInstanceOf(InvalidInputException.class).hasMessage(truncated);
        assertThatThrownBy(() -> IdxFolder.load(dir, 10)).isInstanceOf(InvalidInputException.class).hasMessage(truncated);
        assertThatThrownBy(() -> ImageSource.open(images, 1, 28, 28)).isInstanceOf(InvalidInputException.class).hasMessage(truncated);

        Path gz = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(gz, Packages.gzip(Files.readAllBytes(images)));
        Files.delete(images);
        assertThatThrownBy(() -> IdxFolder.imageCount(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(gz + " is truncated: 2147483647 images of 28x28 need 1683627179264 bytes, more than its "
                        + Files.size(gz) + " compressed bytes can hold");
        assertThatThrownBy(() -> IdxFolder.load(dir, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessage(gz + " is truncated: 2147483647 images of 28x28 need 1683627179264 bytes, the file has " + (16 + 12 * 784));
    }

    @Test
    void idxLabelImageCountMismatch() throws Exception {
        Path images = file("img", idxImages(2051, 3, 2, 2, 12));
        assertThatThrownBy(() -> IdxReader.read(images, file("lab", idxLabels(4, 4)), 10))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("has 3 images but").hasMessageContaining("has 4 labels");
    }

    @Test
    void cifarRecordsAreChannelPlanar() throws Exception {
        byte[] record = new byte[Cifar10BinaryReader.RECORD * 2];
        record[0] = 7;
        record[1] = (byte) 255; // red of pixel (0,0)
        record[1 + 1024] = (byte) 51; // green of pixel (0,0)
        record[Cifar10BinaryReader.RECORD] = 3;
        ImageDataset d = Cifar10BinaryReader.read(List.of(file("b.bin", record)));
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.labels()).containsExactly(7, 3);
        assertThat(d.pixels()[0]).isEqualTo(1f);
        assertThat(d.pixels()[1024]).isEqualTo(51 / 255f);
        assertThat(d.channels()).isEqualTo(3);
    }

    @Test
    void cifarFilesReadTogetherSelectImagesAcrossFiles() throws Exception {
        byte[] first = new byte[Cifar10BinaryReader.RECORD * 2];
        byte[] second = new byte[Cifar10BinaryReader.RECORD * 3];
        first[Cifar10BinaryReader.RECORD] = 4;
        first[Cifar10BinaryReader.RECORD + 1 + 3071] = (byte) 102; // last blue value of image 1
        second[2 * Cifar10BinaryReader.RECORD] = 9;
        second[2 * Cifar10BinaryReader.RECORD + 1] = (byte) 204; // first red value of image 4
        ByteImages images = Cifar10BinaryReader.readEncoded(List.of(file("1.bin", first), file("2.bin", second)));
        assertThat(images.size()).isEqualTo(5);
        assertThat(images.labels()).containsExactly(0, 4, 0, 0, 9);
        ImageDataset picked = images.select(new int[] {4, 1});
        assertThat(picked.labels()).containsExactly(9, 4);
        assertThat(picked.pixels()[0]).isEqualTo(204 / 255f);
        assertThat(picked.pixels()[3072 + 3071]).isEqualTo(102 / 255f);
        assertThatThrownBy(() -> images.select(new int[] {5})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void cifarFileWhoseSizeIsNotAMultipleOfTheRecord() throws Exception {
        Path bad = file("bad.bin", new byte[Cifar10BinaryReader.RECORD + 5]);
        assertThatThrownBy(() -> Cifar10BinaryReader.read(List.of(bad))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.bin").hasMessageContaining("size 3078 is not a positive multiple of the 3073-byte");
    }

    @Test
    void imageFolderReadsClassesInNameOrderAndResizes() throws Exception {
        PngFiles.writeSolid(tmp.resolve("set/b-cat/1.png"), 8, 8, 0xFFFFFF);
        PngFiles.writeSolid(tmp.resolve("set/a-dog/1.png"), 8, 8, 0x000000);
        PngFiles.writeSolid(tmp.resolve("set/a-dog/2.png"), 8, 8, 0xFF0000);
        ImageDataset grey = ImageFolderReader.read(tmp.resolve("set"), 1, 4, 4);
        assertThat(grey.size()).isEqualTo(3);
        assertThat(grey.classes()).isEqualTo(2);
        assertThat(grey.labels()).containsExactly(0, 0, 1);
        assertThat(grey.height()).isEqualTo(4);
        assertThat(grey.pixels()[0]).isEqualTo(0f);
        assertThat(grey.pixels()[2 * 16]).isEqualTo(1f);
        ImageDataset rgb = ImageFolderReader.read(tmp.resolve("set"), 3, 0, 0);
        assertThat(rgb.imageSize()).isEqualTo(3 * 8 * 8);
        assertThat(rgb.pixels()[rgb.imageSize()]).isEqualTo(1f); // red plane of the red image
        assertThat(rgb.pixels()[rgb.imageSize() + 64]).isEqualTo(0f); // its green plane
    }

    @Test
    void imageFolderWithoutClassFolders() throws Exception {
        PngFiles.writeSolid(tmp.resolve("flat/1.png"), 8, 8, 0);
        assertThatThrownBy(() -> ImageFolderReader.read(tmp.resolve("flat"), 1, 28, 28))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds no PNG or JPEG images in class sub-folders");
    }

    @Test
    void anEmptyClassFolderIsRefusedNotAPhantomClass() throws Exception {
        PngFiles.writeSolid(tmp.resolve("classes/a/1.png"), 8, 8, 0);
        Files.createDirectories(tmp.resolve("classes/b"));
        assertThatThrownBy(() -> ImageFolderReader.read(tmp.resolve("classes"), 1, 8, 8))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("class folder " + tmp.resolve("classes/b") + " holds no images; remove it or add PNG or JPEG images");
    }

    @Test
    void aFileThatIsNoImageIsRefusedAndHiddenFilesAreIgnored() throws Exception {
        PngFiles.writeSolid(tmp.resolve("classes/a/1.png"), 8, 8, 0);
        PngFiles.writeSolid(tmp.resolve("classes/b/1.png"), 8, 8, 0xffffff);
        Files.writeString(tmp.resolve("classes/b/.DS_Store"), "x");
        Files.createDirectories(tmp.resolve("classes/.cache"));
        assertThat(ImageFolderReader.read(tmp.resolve("classes"), 1, 8, 8).classes()).isEqualTo(2);
        assertThat(ImageFolderReader.count(tmp.resolve("classes"))).isEqualTo(2);
        Files.writeString(tmp.resolve("classes/b/labels.csv"), "x");
        assertThatThrownBy(() -> ImageFolderReader.read(tmp.resolve("classes"), 1, 8, 8))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(tmp.resolve("classes/b/labels.csv") + ": not a PNG or JPEG file; a class folder may hold only images");
    }

    @Test
    void idxImageShapeComesFromTheHeader() throws Exception {
        Path dir = IdxFiles.writeMnistLayout(tmp.resolve("idx32"), TinyImages.bars(12, 1, 32, 10, 1), TinyImages.bars(4, 1, 32, 10, 2));
        assertThat(IdxFolder.imageShape(dir)).containsExactly(1, 32, 32);
        assertThat(IdxFolder.imageCount(dir)).isEqualTo(16);
        DataSource source = TinyRuns.idx(dir, 8, 4);
        assertThat(source.shape()).containsExactly(1, 32, 32);
        assertThat(source.imageCount()).isEqualTo(16);
        DataSplit split = source.load();
        assertThat(split.train().height()).isEqualTo(32);
        assertThat(split.test().width()).isEqualTo(32);
    }

    @Test
    void idxTrainingAndTestImagesOfDifferentSizes() throws Exception {
        Path dir = tmp.resolve("mixed");
        IdxFiles.writeMnistLayout(dir, TinyImages.bars(12, 1, 28, 10, 1), TinyImages.bars(4, 1, 32, 10, 2));
        assertThatThrownBy(() -> IdxFolder.load(dir, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte holds 32x32 images but").hasMessageContaining("holds 28x28");
    }

    @Test
    void aDamagedGzipFileKeepsItsCause() throws Exception {
        Path dir = IdxFiles.writeMnistLayout(tmp.resolve("gz"), TinyImages.bars(12, 1, 28, 10, 1), TinyImages.bars(4, 1, 28, 10, 2));
        Path raw = dir.resolve("t10k-labels-idx1-ubyte");
        byte[] damaged = Packages.gzip(Files.readAllBytes(raw));
        damaged[12] ^= 0x5a; // a flipped byte inside the compressed stream
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), damaged);
        Files.delete(raw);
        assertThatThrownBy(() -> IdxFolder.load(dir, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir.resolve("t10k-labels-idx1-ubyte.gz") + ": damaged gzip data: ")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void mixedSizeImageFolderWithoutAResize() throws Exception {
        PngFiles.writeSolid(tmp.resolve("mixed/a/1.png"), 8, 8, 0);
        PngFiles.writeSolid(tmp.resolve("mixed/a/2.png"), 9, 8, 0);
        assertThatThrownBy(() -> ImageFolderReader.read(tmp.resolve("mixed"), 1, 0, 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("2.png is 9x8 but").hasMessageContaining("is 8x8");
    }

    @Test
    void splitsAreSeededDisjointAndSized() throws Exception {
        ImageDataset all = TinyImages.bars(100, 1, 8, 10, 1);
        DataSplit a = Splits.split(all, all.head(10), 60, 30, 5, 42);
        DataSplit b = Splits.split(all, all.head(10), 60, 30, 5, 42);
        DataSplit c = Splits.split(all, all.head(10), 60, 30, 5, 43);
        assertThat(a.train().size()).isEqualTo(60);
        assertThat(a.validation().size()).isEqualTo(30);
        assertThat(a.test().size()).isEqualTo(5);
        assertThat(b.train().pixels()).containsExactly(a.train().pixels());
        assertThat(c.train().pixels()).isNotEqualTo(a.train().pixels());
        int[] order = Splits.permutation(100, 42);
        assertThat(java.util.Arrays.stream(order).distinct().count()).isEqualTo(100);
        // train and validation come from disjoint positions of one permutation
        assertThat(java.util.Arrays.stream(order, 0, 60).boxed().toList())
                .doesNotContainAnyElementsOf(java.util.Arrays.stream(order, 60, 90).boxed().toList());
    }

    @Test
    void subsetLargerThanTheData() {
        ImageDataset all = TinyImages.bars(100, 1, 8, 10, 1);
        assertThatThrownBy(() -> Splits.split(all, all, 90, 20, 0, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("asked for 90 training + 20 validation images but the training file has only 100");
    }

    @Test
    void bootstrapDrawsWithReplacementFromTheSameSet() {
        ImageDataset all = TinyImages.bars(200, 1, 8, 10, 1);
        ImageDataset boot = Splits.bootstrap(all, 9);
        assertThat(boot.size()).isEqualTo(200);
        assertThat(Splits.bootstrap(all, 9).pixels()).containsExactly(boot.pixels());
        long distinct = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> java.util.Arrays.toString(java.util.Arrays.copyOfRange(boot.pixels(), i * 64, i * 64 + 64)))
                .distinct().count();
        assertThat(distinct).isBetween(100L, 160L); // about 63% of images appear in a bootstrap sample
    }

    @Test
    void idxFolderInMnistLayout() throws Exception {
        IdxFiles.writeMnistLayout(tmp.resolve("idx"), TinyImages.bars(20, 1, 28, 10, 1), TinyImages.bars(5, 1, 28, 10, 2));
        TrainTest tt = IdxFolder.load(tmp.resolve("idx"), 10);
        assertThat(tt.train().size()).isEqualTo(20);
        assertThat(tt.test().size()).isEqualTo(5);
        assertThatThrownBy(() -> IdxFolder.load(tmp.resolve("nothing"), 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nothing: no such folder");
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> IdxFolder.load(tmp.resolve("empty"), 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no train-images-idx3-ubyte");
    }
}

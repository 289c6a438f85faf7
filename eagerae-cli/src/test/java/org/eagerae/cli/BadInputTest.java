package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.eagerae.data.ImageDataset;
import org.eagerae.testing.IdxFiles;
import org.eagerae.testing.Packages;
import org.eagerae.testing.PngFiles;
import org.eagerae.testing.TinyImages;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.eagerae.testing.Folders;

/**
 * Bad input on every command, one row each: the command must exit with 2, print exactly one line
 * on standard error that names the problem (the row's fragment), and write nothing: the
 * {@code --out} folder does not exist afterwards, and every data and run folder the rows use is
 * byte for byte as it was (names, sizes and SHA-256 of every file).
 *
 * <p>Placeholders: {@code {T}} is a valid training command line on {@code {idx}} into
 * {@code {out}}; {@code {P}} a prediction with the saved model {@code {M}} of the run {@code {predict}} on the
 * images of {@code {folder}}, without its {@code --out}; {@code {out}} is a path that does not exist; {@code {long}}
 * is a name of 300 bytes (longer than a file system allows), {@code {long40}} its first 40; {@code {deep}} is a path
 * of names a file system allows but longer in all than a path may be (4,096 bytes); the others name the fixtures
 * made in {@link #fixtures()}.
 */
class BadInputTest {

    @TempDir
    static Path fixtures;

    @TempDir
    Path tmp;

    private static Map<String, Path> paths;

    @BeforeAll
    static void fixtures() throws Exception {
        Path idx = TinyRuns.writeIdxFolder(fixtures.resolve("idx"), 400, 50);
        TinyRuns.writeIdxFolder(fixtures.resolve("idx30"), 60, 10, 30);
        IdxFiles.writeMnistLayout(fixtures.resolve("idxmixed"), TinyImages.bars(60, 1, 28, 10, 1), TinyImages.bars(10, 1, 32, 10, 2));
        Path magic = TinyRuns.writeIdxFolder(fixtures.resolve("idxmagic"), 60, 10);
        IdxFiles.setMagic(magic.resolve("train-images-idx3-ubyte"), 2052);
        Path gz = TinyRuns.writeIdxFolder(fixtures.resolve("idxgz"), 60, 10);
        byte[] whole = Packages.gzip(Files.readAllBytes(gz.resolve("train-images-idx3-ubyte")));
        Files.write(gz.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(whole, whole.length / 2));
        Files.delete(gz.resolve("train-images-idx3-ubyte"));
        Path huge = TinyRuns.writeIdxFolder(fixtures.resolve("idxhuge"), 60, 10);
        IdxFiles.setCount(huge.resolve("train-images-idx3-ubyte"), Integer.MAX_VALUE);

        ImageDataset arrays = TinyImages.bars(60, 1, 28, 10, 3);
        float[] nan = arrays.pixels().clone();
        nan[3 * 784 + 400] = Float.NaN;
        TinyRuns.writeNpyFolder(fixtures.resolve("npynan"), new ImageDataset(nan, arrays.labels(), 1, 28, 28, 10));
        float[] bytes = arrays.pixels().clone();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = Math.min(254, Math.round(bytes[i] * 255));
        }
        bytes[5 * 784 + 10] = 255; // as numpy.save writes images read as 0-255 and not divided by 255
        TinyRuns.writeNpyFolder(fixtures.resolve("npy255"), new ImageDataset(bytes, arrays.labels(), 1, 28, 28, 10));
        float[] negative = arrays.pixels().clone();
        negative[7 * 784] = -0.5f;
        TinyRuns.writeNpyFolder(fixtures.resolve("npyneg"), new ImageDataset(negative, arrays.labels(), 1, 28, 28, 10));

        Path folder = fixtures.resolve("folder");
        for (int i = 0; i < 3; i++) {
            PngFiles.writeSolid(folder.resolve("a/" + i + ".png"), 8, 8, 0x202020);
            PngFiles.writeSolid(folder.resolve("b/" + i + ".png"), 8, 8, 0xe0e0e0);
        }
        Folders.copyTree(folder, fixtures.resolve("emptyclass"));
        Files.createDirectories(fixtures.resolve("emptyclass/c"));
        Folders.copyTree(folder, fixtures.resolve("textfile"));
        Files.writeString(fixtures.resolve("textfile/b/notes.txt"), "not an image\n");
        Folders.copyTree(folder, fixtures.resolve("badpng"));
        Files.writeString(fixtures.resolve("badpng/a/broken.png"), "not a png\n");

        Files.writeString(fixtures.resolve("file"), "a file, not a folder\n");
        Files.createDirectories(fixtures.resolve("nonempty"));
        Files.writeString(fixtures.resolve("nonempty/keep.txt"), "someone's file\n");
        Files.createDirectories(fixtures.resolve("emptyfolder"));

        Path run = fixtures.resolve("run");
        int code = EagerAeCli.run("train", "--dataset", "idx", "--images", idx.toString(), "--train-size", "200", "--val-size", "100",
                "--epochs", "2", "--stop", "none", "--backend", "inline", "--threads", "1", "--out", run.toString());
        assertThat(code).isZero();
        Folders.copyTree(run, fixtures.resolve("nojson"));
        Files.delete(fixtures.resolve("nojson/run.json"));
        Folders.copyTree(run, fixtures.resolve("corrupt"));
        Files.writeString(fixtures.resolve("corrupt/run.json"), "{\"config\": {\"members\": ");
        Folders.copyTree(run, fixtures.resolve("nockpt"));
        Files.delete(fixtures.resolve("nockpt/members/m00/epoch-001.params"));
        Folders.copyTree(run, fixtures.resolve("damaged"));
        Path damaged = fixtures.resolve("damaged/members/m00/epoch-002.params");
        byte[] checkpoint = Files.readAllBytes(damaged);
        Files.write(damaged, Arrays.copyOf(checkpoint, checkpoint.length - 100));
        Folders.copyTree(run, fixtures.resolve("dupepoch"));
        Path rows = fixtures.resolve("dupepoch/members/m00/metrics.csv");
        Files.writeString(rows, Files.readAllLines(rows).get(1) + "\n", StandardOpenOption.APPEND); // epoch 1 again, after epoch 2

        Folders.copyTree(run, fixtures.resolve("manythreads"));
        Path manifest = fixtures.resolve("manythreads/run.json");
        String json = Files.readString(manifest);
        assertThat(json).containsOnlyOnce("\"threads\" : 1,\n");
        Files.writeString(manifest, json.replace("\"threads\" : 1,\n", "\"threads\" : 100000,\n"));
        Folders.copyTree(run, fixtures.resolve("modelsfile"));
        Files.writeString(fixtures.resolve("modelsfile/models"), "a file where the models folder goes\n");
        Folders.copyTree(run, fixtures.resolve("modelrun"));
        assertThat(EagerAeCli.run("classify", "--run", fixtures.resolve("modelrun").toString(), "--epoch", "2", "--method", "single",
                "--classifier", "logistic", "--pca", "0", "--max-epochs", "1", "--threads", "1")).isZero();

        paths = new java.util.HashMap<>();
        for (String name : new String[] {"idx", "idx30", "idxmixed", "idxmagic", "idxgz", "folder", "emptyclass", "textfile", "badpng", "file", "nonempty",
            "emptyfolder", "run", "nojson", "corrupt", "nockpt", "damaged", "idxhuge", "npynan", "npy255", "npyneg", "dupepoch", "manythreads",
            "modelsfile", "modelrun"}) {
            paths.put(name, fixtures.resolve(name));
        }
        paths.put("missing", fixtures.resolve("no-such-folder"));
        paths.put("predict", fixtures.resolve("modelrun")); // with {M}: predict --run {predict} --model {M}
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        # command line                                                   | distinctive part of the one line on stderr
        # --- usage errors found by the parser: one line and a pointer to --help
        train --seed abc                                                  | Invalid value for option '--seed': 'abc' is not a long (see 'eagerae train --help')
        train --no-such-option                                            | Unknown option: '--no-such-option' (see 'eagerae train --help')
        train --members many                                              | '--members': 'many' is not a whole number
        frobnicate                                                        | Unmatched argument at index 0: 'frobnicate' (see 'eagerae --help')
        classify                                                          | Missing required option: '--run=<run>'
        classify --run {run} --epoch 1 --budget 5                         | --epoch 1 and --budget exclude each other; --budget with --epoch best tries the epochs within the budget
        classify --run {run} --epoch bestt                                | Invalid value for option '--epoch': 'bestt' is neither an epoch (a whole number) nor best (see 'eagerae classify --help')
        classify --run {run} --epoch -1                                   | Invalid value for option '--epoch': must be at least 0, got -1
        classify --run {run} --epochs-from 1                              | --epochs-from goes with --epoch best
        classify --run {run} --epoch best --epochs-from 3                 | {run} has epochs 0..2; none of them is from epoch 3 to the last
        classify --run {run} --epoch best --epochs-from 2 --epochs-to 1   | --epochs-from 2 is after --epochs-to 1
        classify --run {run} --epoch best --budget 0                      | '--budget': must be above 0, got 0
        fetch                                                             | Missing required parameter: 'DATASET'
        # --- numbers out of range, refused while parsing
        {T} --learning-rate Infinity                                      | '--learning-rate': must be a finite number, got Infinity
        {T} --learning-rate NaN                                           | '--learning-rate': must be a finite number, got NaN
        {T} --learning-rate 0                                             | '--learning-rate': must be above 0, got 0
        {T} --learning-rate 1e40                                          | '--learning-rate': must be a positive single-precision number
        {T} --workers 0                                                   | '--workers': must be at least 1, got 0
        {T} --threads 0                                                   | '--threads': must be at least 1, got 0
        {T} --members 0                                                   | '--members': must be at least 1, got 0
        {T} --epochs 0                                                    | '--epochs': must be at least 1, got 0
        {T} --batch-size 0                                                | '--batch-size': must be at least 1, got 0
        {T} --patience 0                                                  | '--patience': must be at least 1, got 0
        {T} --min-delta -1                                                | '--min-delta': must be at least 0, got -1
        train --dataset idx --images {idx} --train-size -5 --out {out}    | '--train-size': must be at least 1, got -5
        train --dataset idx --images {idx} --val-size 0 --out {out}       | '--val-size': must be at least 1, got 0
        {T} --test-size -1                                                | '--test-size': must be at least 0, got -1
        classify --run {run} --threads 0                                  | '--threads': must be at least 1, got 0 (see 'eagerae classify --help')
        classify --run {run} --hidden 0                                   | '--hidden': must be at least 1, got 0
        classify --run {run} --budget 0                                   | '--budget': must be above 0, got 0
        checkpoints --run {run} --budget -1                               | '--budget': must be above 0, got -1
        checkpoints --run {run} --budget NaN                              | '--budget': must be a finite number, got NaN
        features --run {run} --epoch -1 --out {out}/f.npy                 | '--epoch': must be at least 0, got -1
        experiment --workers 0 --out {out}                                | '--workers': must be at least 1, got 0 (see 'eagerae experiment --help')
        experiment --repeats 0 --out {out}                                | '--repeats': must be at least 1, got 0
        experiment --members 0 --out {out}                                | '--members': must be at least 1, got 0
        experiment --train-size 100 --out {out}                           | --train-size and --val-size go together and must be >= 1; got 100 and 0
        experiment --val-size 0 --train-size 5 --out {out}                | '--val-size': must be at least 1, got 0
        experiment --labels-per-class 0 --out {out}                       | '--labels-per-class' (<N>): must be at least 2 (one training and one validation label per class) or all, got 0
        experiment --labels-per-class 10,-5 --out {out}                   | '--labels-per-class' (<N>): must be at least 2 (one training and one validation label per class) or all, got -5
        experiment --labels-per-class 10,ten --out {out}                  | 'ten' is neither a number of labels nor all
        experiment --labels-per-class 10,all,10 --out {out}               | --labels-per-class lists a budget twice: [10, 0, 10]
        experiment --labels-in-all 1 --out {out}                          | '--labels-in-all' (<N>): must be at least 2 (one training and one validation label per class) or all, got 1
        experiment --labels-in-all 100 --labels-per-class 10 --out {out}  | --labels-per-class [10] and --labels-in-all [100] are two axes for one label-efficiency curve; give one
        experiment --unlabelled {missing} --out {out}                     | {missing}: no such file or folder
        experiment --unlabelled {idx30}/train-images-idx3-ubyte --out {out} | {idx30}/train-images-idx3-ubyte holds 30x30 images but the model reads 28x28
        classify --run {run} --batch-size 0                               | '--batch-size': must be at least 1, got 0
        classify --run {run} --learning-rate 0                            | '--learning-rate': must be above 0, got 0
        classify --run {run} --lr-drops -1                                | '--lr-drops': must be at least 0, got -1
        classify --run {run} --pca 1                                      | '--pca': must be below 1, got 1
        classify --run {run} --pca -0.5                                   | '--pca': must be at least 0, got -0.5
        bench ensemble --members 0                                        | '--members': must be at least 1, got 0 (see 'eagerae bench ensemble --help')
        # --- unknown names
        {T} --backend gpu                                                 | unknown --backend 'gpu'
        {T} --stop sometimes                                              | unknown --stop rule
        {T} --stop epochs:x                                               | --stop epochs:x: 'x' is not a number
        {T} --stop epochs:0                                               | --stop epochs:N needs N >= 1, got 0
        {T} --stop auto --probe-images 10                                 | --probe-images must be >= 50, got 10
        {T} --stop auto --probe-images 0                                  | '--probe-images': must be at least 1, got 0
        {T} --stop auto --min-gain -1                                     | '--min-gain': must be at least 0, got -1
        {T} --stop auto --patience 0                                      | '--patience': must be at least 1, got 0
        {T} --stop none --min-gain 0.5                                    | --min-gain applies to --stop auto only, not to --stop none
        train --dataset bogus --out {out}                                 | unknown --dataset 'bogus'
        train --preset huge --out {out}                                   | unknown --preset 'huge'
        classify --run {run} --method vote                                | unknown --method 'vote'
        classify --run {run} --method soft-vote,bogus                     | unknown --method 'bogus'
        classify --run {run} --heads 0                                    | '--heads': must be at least 1, got 0
        classify --run {run} --pca auto --epoch best                      | --pca auto goes with --epoch E or --budget S on this machine, not with --epoch best
        classify --run {run} --pca most                                   | '--pca': 'most' is not a number
        classify --run {run} --fine-tune-augmentation none                | --fine-tune-augmentation goes with --fine-tune
        classify --run {run} --fine-tune --fine-tune-augmentation blur    | unknown fine-tuning augmentation 'blur'; use shift-and-turn or none
        experiment --preset mnist-all --full --out {out}                  | --full runs the paper's protocol; --preset mnist-all runs the label-efficiency study
        train --preset fashion-mnist-all --dataset mnist --out {out}      | --preset fashion-mnist-all splits fashion-mnist; leave out --dataset mnist or use another --preset
        classify --run {run} --method spread-vote --pca 0                 | --pca 0 leaves label spreading no principal components to join images by; give it above 0 for [spread-vote]
        classify --run {run} --labels-per-class 1 --method raw-pixels     | --labels-per-class must be 0 (every label) or >= 2 (one training and one validation label per class), got 1
        classify --run {run} --labels-per-class 1000 --method raw-pixels  | --labels-per-class 1000 is more than class 0 has in the training split
        classify --run {run} --classifier svm                             | unknown --classifier 'svm'
        features --run {run} --epoch 1 --split holdout --out {out}/f.npy  | '--split': 'holdout' is not one of train, val, test
        features --run {run} --epoch 1 --out {out}/f.txt                  | --out must name a .npy file
        experiment --preset tiny --out {out}                              | unknown --preset 'tiny'
        fetch bogus                                                       | unknown dataset 'bogus'
        # --- data that cannot be used
        train --dataset idx --images {idx} --train-size 390 --val-size 100 --out {out} | asked for 390 training + 100 validation images but the training file has only 400
        train --dataset idx --out {out}                                   | --dataset idx needs --images DIR
        train --dataset idx --images {missing} --out {out}                | no-such-folder: no such folder
        train --dataset idx --images {idxmagic} --train-size 10 --val-size 5 --out {out} | wrong magic number 2052, expected 2051
        train --dataset idx --images {idx30} --train-size 10 --val-size 5 --filters 8,8,8,8,8 --out {out} | --filters [8, 8, 8, 8, 8] with --pool 2 shrink each side 32-fold (pool^stages), more than images of 30x30 allow; use fewer stages or a smaller pool
        train --dataset idx --images {idx30} --train-size 10 --val-size 5 --pool 7 --out {out} | --filters [16, 32] with --pool 7 shrink each side 49-fold (pool^stages), more than images of 30x30 allow
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --kernel 4 --out {out} | --kernel must be odd and positive, got 4
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --kernel 0 --out {out} | --kernel must be odd and positive, got 0
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --filters 16,0,32 --out {out} | --filters must list one positive filter count per stage, got [16, 0, 32]
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --filters=16,-4 --out {out} | --filters must list one positive filter count per stage, got [16, -4]
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --filters= --out {out} | --filters must list one positive filter count per stage, separated by commas (e.g. 16,32,64), got ''
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --filters 16,,32 --out {out} | --filters must list one positive filter count per stage, separated by commas (e.g. 16,32,64), got '16,,32'
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --pool 0 --out {out} | --pool must be >= 1, got 0
        experiment --preset mnist-small --filters 4,4,4,4,4 --out {out}   | --filters [4, 4, 4, 4, 4] with --pool 2 shrink each side 32-fold (pool^stages), more than images of 28x28 allow
        experiment --preset cifar10 --kernel 2 --out {out}                | --kernel must be odd and positive, got 2
        train --resume --filters 8,8 --out {run}                          | leave out --filters
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --unlabelled {missing} --out {out} | {missing}: no such file or folder
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --unlabelled {idx30}/train-images-idx3-ubyte --out {out} | {idx30}/train-images-idx3-ubyte holds 30x30 images but the model reads 28x28
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --unlabelled {folder} --out {out} | : an image of 8x8, not 28x28
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --unlabelled {nonempty} --out {out} | not a PNG or JPEG file
        train --dataset idx --images {idx} --train-size 10 --val-size 5 --unlabelled {emptyfolder} --out {out} | {emptyfolder} holds no PNG or JPEG images
        train --dataset idx --images {idxmixed} --train-size 10 --val-size 5 --out {out} | holds 32x32 images but
        train --dataset idx --images {idxgz} --train-size 10 --val-size 5 --out {out} | train-images-idx3-ubyte.gz: damaged gzip data
        train --dataset idx --images {idxhuge} --train-size 10 --val-size 5 --out {out} | {idxhuge}/train-images-idx3-ubyte is truncated: 2147483647 images of 28x28 need 1683627179264 bytes, the file has 47056
        train --dataset npy --images {npynan} --train-size 10 --val-size 5 --threads 1 --out {out} | {npynan}/images.npy: pixel values must be in [0, 1]; found NaN at image 3
        train --dataset npy --images {npy255} --train-size 10 --val-size 5 --threads 1 --out {out} | {npy255}/images.npy: pixel values must be in [0, 1]; found max 255.0 at image 5
        train --dataset npy --images {npyneg} --train-size 10 --val-size 5 --threads 1 --out {out} | {npyneg}/images.npy: pixel values must be in [0, 1]; found min -0.5 at image 7
        train --dataset folder --images {emptyclass} --train-size 2 --val-size 2 --out {out} | emptyclass/c holds no images; remove it or add PNG or JPEG images
        train --dataset folder --images {textfile} --train-size 2 --val-size 2 --out {out} | notes.txt: not a PNG or JPEG file
        train --dataset folder --images {badpng} --train-size 2 --val-size 2 --out {out} | broken.png: not a readable PNG or JPEG image
        train --dataset folder --images {folder} --image-shape 2x28x28 --train-size 2 --val-size 2 --out {out} | --image-shape must be CxHxW with C = 1 or 3
        train --dataset folder --images {folder} --image-shape 1x30x30 --filters 8,8,8,8,8 --train-size 2 --val-size 2 --out {out} | more than images of 30x30 allow
        train --dataset folder --images {folder} --image-shape 1x60000x60000 --train-size 2 --val-size 2 --out {out} | has 3600000000 values per image, more than an array can hold
        train --dataset folder --images {folder} --image-shape 1x2000x2000 --batch-size 1000 --train-size 2 --val-size 2 --out {out} | per training process (1 at a time), more than this machine's
        train --dataset folder --images {folder} --image-shape 3x20000x20000 --train-size 2 --val-size 2 --out {out} | of Java heap, more than the
        train --data-dir {file} --out {out}                               | the data folder {file} is a file, not a folder (--data-dir)
        fetch mnist --data-dir {file}                                     | the data folder {file} is a file, not a folder (--data-dir)
        # --- output folders that must not be written
        train --dataset idx --images {idx} --train-size 200 --val-size 100 --out {file} | run directory {file} is a file, not a folder
        train --dataset idx --images {idx} --train-size 200 --val-size 100 --out {file}/run | {file} is a file, not a folder
        train --dataset idx --images {idx} --train-size 200 --val-size 100 --out {nonempty} | run directory {nonempty} is not empty
        train --dataset idx --images {idx} --train-size 200 --val-size 100 --out {out}/{long}/run | run directory {out}/{long}/run cannot be made: the name {long40}... is 300 bytes long, more than the 255 bytes a name may have
        train --dataset idx --images {idx} --train-size 200 --val-size 100 --threads 1 --out {out}/{deep} | run directory {out}/{deep} cannot be made: File name too long; choose a shorter path
        experiment --out {file}                                           | experiment folder {file} is a file
        experiment --out {nonempty}                                       | experiment folder {nonempty} is not empty
        # --- run folders that are missing, incomplete or damaged
        train --resume                                                    | --resume needs --out
        train --resume --out {missing}                                    | is not a run directory: it has no run.json
        classify --run {missing}                                          | is not a run directory: it has no run.json
        classify --run {nojson}                                           | nojson is not a run directory: it has no run.json
        classify --run {corrupt}                                          | run.json: cannot read run manifest
        classify --run {nockpt} --epoch 1                                 | epoch-001.params: missing checkpoint of member 0 after epoch 1
        features --run {nockpt} --epoch 1 --out {out}/f.npy               | epoch-001.params: missing checkpoint of member 0 after epoch 1
        classify --run {damaged} --epoch 2                                | epoch-002.params
        features --run {damaged} --epoch 2 --out {out}/f.npy              | epoch-002.params
        train --resume --out {run} --epochs 5                             | --resume continues with the settings in the run's run.json; leave out --epochs
        train --resume --out {run} --learning-rate 0.01 --no-restart-stuck | leave out --learning-rate, --[no-]restart-stuck
        classify --run {run} --epoch 9                                    | has epochs 1..2, not 9
        features --run {run} --epoch 5 --out {out}/f.npy                  | has epochs 1..2, not 5
        checkpoints --run {dupepoch} --budget 1                           | {dupepoch}/members/m00/metrics.csv: the row after epoch 2 is member 0's epoch 1
        classify --run {dupepoch}                                         | {dupepoch}/members/m00/metrics.csv: the row after epoch 2 is member 0's epoch 1
        features --run {dupepoch} --epoch 1 --out {out}/f.npy             | {dupepoch}/members/m00/metrics.csv: the row after epoch 2 is member 0's epoch 1
        checkpoints --run {file} --budget 1                               | is not a run directory
        report --run {run}                                                | is not an experiment folder: it has no experiment.json
        experiment --resume --out {missing}                               | is not an experiment folder: it has no experiment.json
        experiment --resume --out {missing} --labels-per-class 10         | --resume continues with the settings in the experiment's experiment.json; leave out --labels-per-class
        experiment --resume --out {missing} --filters 8,8 --no-restart-stuck | leave out --filters, --[no-]restart-stuck
        bench compare --reference {missing}/ref.py                        | not found; run from the project folder or give --reference
        # --- thread counts: at least 1, at most 4 per processor, on every command that takes them
        {T} --threads 100000                                              | --threads must be at most
        {T} --members 2 --backend processes --threads 100000              | --threads must be at most
        train --resume --out {manythreads}                                | must be at most
        classify --run {run} --threads 100000                             | --threads must be at most
        {P} --out {out}/p.csv --threads 0                                 | '--threads': must be at least 1, got 0
        {P} --out {out}/p.csv --threads -5                                | '--threads': must be at least 1, got -5
        {P} --out {out}/p.csv --threads 100000                            | --threads must be at most
        bench predict --run {predict} --model {M} --images {folder} --threads 0 | '--threads': must be at least 1, got 0
        bench predict --run {predict} --model {M} --images {folder} --threads 100000 | --threads must be at most
        # --- classifiers too large for the machine, refused before any activation is computed
        classify --run {run} --hidden 2000000000                          | --hidden 2000000000 makes classifiers of about
        # --- predict's inputs and options
        {P} --out {folder}/b/1.png --overwrite                            | {folder}/b/1.png is one of the images to read
        predict --run {predict} --model {M} --images {folder}/a/0.png --out {folder}/a/0.png --overwrite | {folder}/a/0.png is one of the images to read
        predict --run {predict} --model {M} --images {textfile} --out {out}/p.csv | notes.txt: not a PNG or JPEG file; a folder of images may hold only images
        features --run {predict} --model {M} --images {textfile} --out {out}/f.npy | notes.txt: not a PNG or JPEG file
        {P} --out {out}/p.csv --top 0                                     | '--top': must be at least 1, got 0
        {P} --out {out}/p.csv --top -1                                    | '--top': must be at least 1, got -1
        {T} --backend bogus                                               | unknown --backend 'bogus'; use one of [inline, processes, spark]
        # --- outputs that cannot be written, refused before any work
        {P} --out {file}/p.csv                                            | {file} is a file, not a folder
        features --run {predict} --model {M} --images {folder} --out {file}/f.npy | {file} is a file, not a folder
        classify --run {modelsfile} --epoch 1                             | {modelsfile}/models is a file, not a folder
        """)
    void isRefusedWithOneLineExitTwoAndNothingWritten(String commandLine, String fragment) throws Exception {
        Path out = tmp.resolve("out");
        Map<String, String> before = TestFiles.snapshot(fixtures);
        boolean cwdData = Files.exists(Path.of("data"));
        boolean cwdRuns = Files.exists(Path.of("runs"));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = EagerAeCli.run(expand(commandLine, out).split(" +"));
        } finally {
            System.setErr(oldErr);
        }

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code; stderr: %s", stderr).isEqualTo(2);
        assertThat(stderr.lines().toList()).as("lines on stderr").hasSize(1);
        assertThat(stderr).startsWith("eagerae: error: ").contains(expand(fragment, out));
        assertThat(out).as("--out").doesNotExist();
        assertThat(TestFiles.snapshot(fixtures)).as("fixtures after the command").isEqualTo(before);
        assertThat(Files.exists(Path.of("data"))).as("./data").isEqualTo(cwdData);
        assertThat(Files.exists(Path.of("runs"))).as("./runs").isEqualTo(cwdRuns);
    }

    private static String expand(String text, Path out) {
        String s = text.strip().replace("{T}", "train --dataset idx --images {idx} --train-size 200 --val-size 100 --out {out}")
                .replace("{P}", "predict --run {predict} --model {M} --images {folder}").replace("{M}", "single-m00-epoch-002-logistic-pca0")
                .replace("{out}", out.toString()).replace("{long}", "x".repeat(300))
                .replace("{long40}", "x".repeat(40)).replace("{deep}", String.join("/", java.util.Collections.nCopies(17, "y".repeat(250))));
        for (Map.Entry<String, Path> p : paths.entrySet()) {
            s = s.replace("{" + p.getKey() + "}", p.getValue().toString());
        }
        return s;
    }
}

package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.ClassifyFile;
import org.eagerae.data.IdxReader;
import org.eagerae.data.ImageDataset;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.run.RunDirectory;
import org.eagerae.io.Npy;
import org.eagerae.models.ModelManifest;
import org.eagerae.models.ModelStore;
import org.eagerae.testing.PngFiles;
import org.eagerae.testing.TinyRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.eagerae.testing.Folders;

/** classify, models, predict, features --images and export on the command line, with a tiny run trained here. */
class ModelsCliTest {

    private static final String VOTE = "soft-vote-epoch-001";

    @TempDir
    static Path dir;

    static Path run;
    static Path pngs;
    static ImageDataset test;
    /** What classify printed. */
    static String classified;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeAll
    static void trainAndClassify() throws Exception {
        Path data = TinyRuns.writeIdxFolder(dir.resolve("data"), 300, 40);
        run = dir.resolve("run");
        assertThat(EagerAeCli.run("train", "--dataset", "idx", "--images", data.toString(), "--train-size", "200", "--val-size", "100",
                "--members", "2", "--epochs", "1", "--backend", "inline", "--threads", "1", "--out", run.toString())).isZero();
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(EagerAeCli.run("classify", "--run", run.toString(), "--epoch", "1", "--method", "soft-vote", "--threads", "1")).isZero();
        } finally {
            System.setOut(stdout);
        }
        classified = printed.toString(StandardCharsets.UTF_8);
        test = IdxReader.read(data.resolve("t10k-images-idx3-ubyte"), data.resolve("t10k-labels-idx1-ubyte"), 10);
        pngs = dir.resolve("png");
        for (int i = 0; i < test.size(); i++) {
            PngFiles.write(pngs.resolve(String.format("set/%03d.png", i)), PngFiles.image(test, i));
        }
    }

    private int run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return EagerAeCli.run(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void modelsListsTheSavedModelsWithTheirAccuracy() {
        assertThat(run("models", "--run", run.toString())).isZero();
        ModelManifest vote = ModelStore.of(RunDirectory.open(run)).manifest(VOTE);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("single-m00-epoch-001", "single-m01-epoch-001", VOTE)
                .contains(String.format(java.util.Locale.ROOT, "%.2f%%", 100 * vote.testAccuracy()));
    }

    @Test
    void modelsAlignsItsColumnsByTheWidestCell() {
        assertThat(run("models", "--run", run.toString())).isZero();
        List<String> table = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(table).hasSize(4);
        String header = table.get(0);
        assertThat(header).isEqualTo("model                 method     checkpoints  member epochs  classifier     val acc  test acc");
        for (String row : table.subList(1, table.size())) {
            // every cell starts under its header, and the accuracy ends where "test acc" ends
            for (String column : List.of("method", "checkpoints", "member epochs", "classifier")) {
                assertThat(row.charAt(header.indexOf(column) - 1)).as(row).isEqualTo(' ');
                assertThat(row.charAt(header.indexOf(column))).as(row).isNotEqualTo(' ');
            }
            assertThat(row).hasSize(header.length()).endsWith("%").contains("  epoch 1  ", "  mlp256 seed 1  ");
        }
        assertThat(table.get(3)).startsWith(String.format("%-20s  soft-vote  epoch 1      [1, 1]         mlp256 seed 1  ", VOTE));
    }

    @Test
    void modelsPrintsJsonForScripts() throws Exception {
        assertThat(run("models", "--run", run.toString(), "--format", "json")).isZero();
        com.fasterxml.jackson.databind.JsonNode models = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(models).hasSize(3);
        com.fasterxml.jackson.databind.JsonNode vote = models.get(2);
        assertThat(vote.get("name").asText()).isEqualTo(VOTE);
        assertThat(vote.get("method").asText()).isEqualTo("soft-vote");
        assertThat(vote.get("checkpoints").asText()).isEqualTo("epoch 1");
        assertThat(vote.get("memberEpochs").toString()).isEqualTo("[1,1]");
        assertThat(vote.get("classifier").asText()).isEqualTo("mlp256");
        assertThat(vote.get("testAccuracy").asDouble()).isEqualTo(ModelStore.of(RunDirectory.open(run)).manifest(VOTE).testAccuracy());
        err.reset();
        assertThat(run("models", "--run", run.toString(), "--format", "yaml")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("eagerae: error: unknown --format 'yaml'; use table or json\n");
    }

    @Test
    void classifyPrintsItsResultsAsAnAlignedTable() {
        List<String> lines = classified.lines().toList();
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("method ")).findFirst().orElseThrow());
        String header = lines.get(at);
        String row = lines.get(at + 1);
        assertThat(header).matches("method     checkpoints  member epochs  val acc  test acc  balanced  features s  train s  saved as");
        assertThat(row).startsWith("soft-vote  epoch 1      [1, 1]  ");
        assertThat(row.indexOf(VOTE)).isEqualTo(header.indexOf("saved as"));
        assertThat(row.lastIndexOf('%') + 1).as("balanced accuracy, aligned right").isEqualTo(header.indexOf("balanced") + "balanced".length());
        assertThat(row.substring(0, header.indexOf("test acc") + "test acc".length())).as("test accuracy, aligned right").endsWith("%");
        assertThat(row.indexOf('%') + 1).as("validation accuracy, aligned right").isEqualTo(header.indexOf("val acc") + "val acc".length());
        assertThat(lines.get(at + 2)).startsWith("results added to ");
    }

    @Test
    void aBrokenModelJsonIsNamedAndTheOtherModelsAreListed() throws Exception {
        Path copy = tmp.resolve("run");
        Folders.copyTree(run, copy);
        Path broken = copy.resolve("models/aa-broken/model.json");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "{\"name\": ");
        assertThat(run("models", "--run", copy.toString())).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("single-m00-epoch-001", "single-m01-epoch-001", VOTE)
                .doesNotContain("aa-broken");
        assertThat(stderr()).hasLineCount(1)
                .startsWith("eagerae: error: 1 of 4 saved models cannot be read: aa-broken (" + broken + ": cannot read model manifest: ");
    }

    @Test
    void classifyAtTheBestEpochSaysWhatItChoseAndSavesOnlyThat() throws Exception {
        Path copy = tmp.resolve("run");
        Folders.copyTree(run, copy);
        assertThat(run("classify", "--run", copy.toString(), "--epoch", "best", "--method", "soft-vote", "--classifier", "logistic",
                "--threads", "1")).as(stderr()).isZero();
        String stdout = out.toString(StandardCharsets.UTF_8);
        List<ClassificationResult> results = ClassifyFile.read(RunDirectory.open(copy));
        ClassificationResult vote = results.get(results.size() - 1);
        int epoch = ((CheckpointSelection.BestOnValidation) vote.selection()).epoch();
        assertThat(stdout).contains("epoch 0 (1 of 2): features and classifiers on the untrained encoders",
                "epoch 1 (2 of 2): validation accuracy soft-vote ",
                "soft-vote: best on validation at epoch " + epoch, "best epoch " + epoch + " on validation", "2 epochs tried in ",
                String.format(java.util.Locale.ROOT, "%.2f%%", 100 * vote.validationAccuracy()));
        assertThat(vote.validationCurve()).hasSize(2);
        String name = String.format("soft-vote-best-epoch-%03d-logistic", epoch);
        assertThat(vote.models()).containsExactly(name);
        assertThat(ModelStore.of(RunDirectory.open(copy)).names()).filteredOn(n -> n.contains("best"))
                .containsExactlyInAnyOrder(name, name.replace("soft-vote", "single-m00"), name.replace("soft-vote", "single-m01"));
        out.reset();
        assertThat(run("models", "--run", copy.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(name).contains("best epoch " + epoch + " on validation");

        Path untrained = tmp.resolve("untrained");
        Folders.copyTree(run, untrained);
        for (String member : List.of("m00", "m01")) {
            Path folder = untrained.resolve("members/" + member);
            Files.copy(folder.resolve("epoch-000.params"), folder.resolve("epoch-001.params"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        out.reset();
        assertThat(run("classify", "--run", untrained.toString(), "--epoch", "best", "--method", "soft-vote", "--classifier", "logistic",
                "--threads", "1")).as(stderr()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("soft-vote: best on validation at epoch 0 (untrained encoders)");
    }

    @Test
    void moreThreadsThanCoresIsOneWarningLine() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Path csv = tmp.resolve("p.csv");
        assertThat(run("predict", "--run", run.toString(), "--model", VOTE, "--images", pngs.toString(), "--out", csv.toString(),
                "--threads", String.valueOf(cores + 1))).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(test.size() + 1);
        assertThat(stderr()).hasLineCount(1).contains("WARN").contains((cores + 1) + " threads on " + cores
                + " processor(s): more threads than processors run slower, not faster");
    }

    @Test
    void readOnlyFoldersAreRefusedBeforeAnyWork() throws Exception {
        Path copy = tmp.resolve("run");
        Folders.copyTree(run, copy);
        Path folder = Files.createDirectories(tmp.resolve("read-only"));
        java.util.Set<java.nio.file.attribute.PosixFilePermission> readOnly = java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x");
        Files.setPosixFilePermissions(folder, readOnly);
        Files.setPosixFilePermissions(copy, readOnly);
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(folder), "permissions do not bind this user (root)");
            Path csv = folder.resolve("p.csv");
            assertThat(run("predict", "--run", run.toString(), "--model", VOTE, "--images", pngs.toString(), "--out", csv.toString()))
                    .isEqualTo(2);
            assertThat(stderr()).isEqualTo("eagerae: error: cannot write in " + folder + ": the folder is not writable\n");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty(); // refused before "predicting ..."
            err.reset();
            Map<String, String> before = TestFiles.snapshot(copy);
            assertThat(run("classify", "--run", copy.toString(), "--epoch", "1", "--method", "single", "--threads", "1")).isEqualTo(2);
            assertThat(stderr()).isEqualTo("eagerae: error: cannot write in " + copy + ": the folder is not writable\n");
            assertThat(TestFiles.snapshot(copy)).isEqualTo(before);
        } finally {
            Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void predictOnPngsScoresExactlyWhatClassifyReported() throws Exception {
        Path csv = tmp.resolve("p.csv");
        assertThat(run("predict", "--run", run.toString(), "--model", VOTE, "--images", pngs.toString(), "--out", csv.toString())).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(test.size() + 1);
        assertThat(lines.get(0)).isEqualTo("image,predicted,0,1,2,3,4,5,6,7,8,9");
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            String[] f = lines.get(i + 1).split(",");
            assertThat(f[0]).isEqualTo(String.format("set/%03d.png", i));
            correct += Integer.parseInt(f[1]) == test.labels()[i] ? 1 : 0;
        }
        assertThat((double) correct / test.size()).isEqualTo(ModelStore.of(RunDirectory.open(run)).manifest(VOTE).testAccuracy());
        assertThat(stderr()).isEmpty();
    }

    @Test
    void jsonLinesWithTheTopClassesReadAnIdxFile() throws Exception {
        Path jsonl = tmp.resolve("p.jsonl");
        assertThat(run("predict", "--run", run.toString(), "--model", VOTE, "--images", dir.resolve("data/t10k-images-idx3-ubyte").toString(),
                "--out", jsonl.toString(), "--format", "jsonl", "--top", "2")).isZero();
        List<String> lines = Files.readAllLines(jsonl);
        assertThat(lines).hasSize(test.size());
        assertThat(lines.get(3)).startsWith("{\"image\":\"3\",\"predicted\":").contains("\"top\":[{\"class\":");
    }

    @Test
    void badInputIsOneLineExitTwoAndNothingWritten() throws Exception {
        Path csv = tmp.resolve("never.csv");
        String[][] cases = {
            {"--model", "nope", "--images", pngs.toString()},
            {"--model", VOTE, "--images", Files.createDirectories(tmp.resolve("empty")).toString()},
            {"--model", VOTE, "--images", cifarFile().toString()},
            {"--model", VOTE, "--images", brokenFolder().toString()},
            {"--model", VOTE, "--images", pngs.toString(), "--top", "11"},
        };
        String[] expected = {"no model 'nope' in " + run + "; its models are single-m00-epoch-001, single-m01-epoch-001, " + VOTE,
            "holds no PNG or JPEG images", "holds colour images (3 channels, CIFAR-10) but the model reads 1 channel", "bad.png",
            "--top must be between 1 and the number of classes (10)"};
        for (int i = 0; i < cases.length; i++) {
            err.reset();
            List<String> args = new java.util.ArrayList<>(List.of("predict", "--run", run.toString(), "--out", csv.toString()));
            args.addAll(List.of(cases[i]));
            assertThat(run(args.toArray(String[]::new))).as(expected[i]).isEqualTo(2);
            assertThat(stderr()).startsWith("eagerae: error: ").contains(expected[i]).hasLineCount(1);
            assertThat(csv).doesNotExist();
        }
        Path existing = tmp.resolve("existing.csv");
        Files.writeString(existing, "keep me");
        err.reset();
        assertThat(run("predict", "--run", run.toString(), "--model", VOTE, "--images", pngs.toString(), "--out", existing.toString()))
                .isEqualTo(2);
        assertThat(stderr()).contains("exists; choose another --out or add --overwrite").hasLineCount(1);
        assertThat(Files.readString(existing)).isEqualTo("keep me");
        assertThat(run("predict", "--run", run.toString(), "--model", VOTE, "--images", pngs.toString(), "--out", existing.toString(),
                "--overwrite")).isZero();
        assertThat(Files.readAllLines(existing)).hasSize(test.size() + 1);
        assertThat(tmp).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void aTruncatedWeightsFileIsOneLineNamingItExitTwoAndNothingWritten() throws Exception {
        String single = "single-m00-epoch-001";
        Path copy = tmp.resolve("run");
        Folders.copyTree(run, copy);
        Path weights = copy.resolve("models/" + single + "/weights.safetensors");
        byte[] whole = Files.readAllBytes(weights);
        for (int kept : new int[] {whole.length - 1, whole.length / 2, 12}) {
            Files.write(weights, java.util.Arrays.copyOf(whole, kept));
            java.util.Map<String, String> before = TestFiles.snapshot(copy);
            Path csv = tmp.resolve("p.csv");
            Path npy = tmp.resolve("f.npy");
            Path exported = tmp.resolve("m.safetensors");
            String[][] commands = {
                {"predict", "--run", copy.toString(), "--model", single, "--images", pngs.toString(), "--out", csv.toString()},
                {"features", "--run", copy.toString(), "--model", single, "--images", pngs.toString(), "--out", npy.toString()},
                {"export", "--run", copy.toString(), "--model", single, "--out", exported.toString()},
            };
            for (String[] command : commands) {
                err.reset();
                assertThat(run(command)).as("%s, %d bytes kept; stderr: %s", command[0], kept, stderr()).isEqualTo(2);
                assertThat(stderr()).as(command[0]).startsWith("eagerae: error: " + weights + " is truncated: ").hasLineCount(1);
            }
            assertThat(csv).doesNotExist();
            assertThat(npy).doesNotExist();
            assertThat(exported).doesNotExist();
            assertThat(tmp.resolve("m.json")).doesNotExist();
            assertThat(TestFiles.snapshot(copy)).isEqualTo(before);
        }
    }

    private Path cifarFile() throws Exception {
        Path file = tmp.resolve("test_batch.bin");
        Files.write(file, new byte[2 * 3073]);
        return file;
    }

    private Path brokenFolder() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("broken"));
        Files.copy(pngs.resolve("set/000.png"), folder.resolve("a.png"));
        Files.writeString(folder.resolve("bad.png"), "not an image");
        return folder;
    }

    @Test
    void rawPixelsComesWithAllIsSavedListedAndPredictsWhatClassifyReported() throws Exception {
        Path copy = tmp.resolve("run");
        Folders.copyTree(run, copy);
        assertThat(run("classify", "--run", copy.toString(), "--epoch", "1", "--method", "all", "--classifier", "logistic", "--threads", "1"))
                .as(stderr()).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        for (String method : List.of("single", "stacked", "soft-vote", "hard-vote")) {
            assertThat(printed).containsPattern("(?m)^" + method + " +epochs? ");
        }
        assertThat(printed).containsPattern("(?m)^raw-pixels +none +\\[\\] +[0-9.]+% .* raw-pixels-logistic$");
        // raw pixels alone reads no checkpoint: an epoch the run lacks does not matter, and the same seed gives the same model
        out.reset();
        assertThat(run("classify", "--run", copy.toString(), "--epoch", "9", "--method", "raw-pixels", "--classifier", "logistic",
                "--threads", "1")).as(stderr()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("raw-pixels-logistic-2");
        ModelStore store = ModelStore.of(RunDirectory.open(copy));
        ModelManifest pixels = store.manifest("raw-pixels-logistic");
        assertThat(store.manifest("raw-pixels-logistic-2").testAccuracy()).isEqualTo(pixels.testAccuracy());
        assertThat(pixels.checkpoints()).isEmpty();
        assertThat(pixels.classifier().hidden()).isZero();
        assertThat(pixels.classifier().seed()).isEqualTo(1);
        assertThat(Files.readString(copy.resolve("classify.json"))).contains("\"method\" : \"raw-pixels\"", "\"selection\" : \"none\"",
                "\"memberEpochs\" : [ ]", "\"seed\" : 1");

        out.reset();
        assertThat(run("models", "--run", copy.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^raw-pixels-logistic +raw-pixels +none +\\[\\] ");

        Path csv = tmp.resolve("p.csv");
        assertThat(run("predict", "--run", copy.toString(), "--model", "raw-pixels-logistic", "--images", pngs.toString(), "--out",
                csv.toString())).isZero();
        List<String> lines = Files.readAllLines(csv);
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            correct += Integer.parseInt(lines.get(i + 1).split(",")[1]) == test.labels()[i] ? 1 : 0;
        }
        assertThat((double) correct / test.size()).isEqualTo(pixels.testAccuracy());

        Path npy = tmp.resolve("pixels.npy");
        assertThat(run("features", "--run", copy.toString(), "--model", "raw-pixels-logistic", "--images", pngs.toString(), "--out",
                npy.toString())).isZero();
        Npy.Array features = Npy.read(npy);
        assertThat(features.shape()).containsExactly(test.size(), 784);

        Path weights = tmp.resolve("pixels.safetensors");
        assertThat(run("export", "--run", copy.toString(), "--model", "raw-pixels-logistic", "--out", weights.toString())).isZero();
        assertThat(Files.readString(tmp.resolve("pixels.json"))).contains("softmax(head(standardize(flatten(x))))", "\"standardize.mean\"",
                "\"head.0.weight\"").doesNotContain("\"encoder.");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void featuresOfNewImagesAndAnExportForPyTorch() throws Exception {
        Path npy = tmp.resolve("f.npy");
        assertThat(run("features", "--run", run.toString(), "--model", VOTE, "--images", pngs.toString(), "--out", npy.toString())).isZero();
        Npy.Array features = Npy.read(npy);
        assertThat(features.shape()).containsExactly(test.size(), 2 * 32 * 7 * 7);
        Path byEpoch = tmp.resolve("e.npy");
        assertThat(run("features", "--run", run.toString(), "--epoch", "1", "--images", pngs.toString(), "--out", byEpoch.toString())).isZero();
        assertThat(Files.readAllBytes(byEpoch)).isEqualTo(Files.readAllBytes(npy));

        Path weights = tmp.resolve("vote.safetensors");
        assertThat(run("export", "--run", run.toString(), "--model", VOTE, "--format", "safetensors", "--out", weights.toString())).isZero();
        assertThat(weights).isRegularFile();
        assertThat(Files.readString(tmp.resolve("vote.json"))).contains("\"format\" : \"eagerae-export/1\"", "members.1.head.2.weight");
        err.reset();
        assertThat(run("export", "--run", run.toString(), "--model", VOTE, "--out", weights.toString())).isEqualTo(2);
        assertThat(stderr()).contains("exists").hasLineCount(1);
    }
}

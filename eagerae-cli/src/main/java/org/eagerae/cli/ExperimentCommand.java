package org.eagerae.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.eagerae.InvalidInputException;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.Backends;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;
import org.eagerae.ensemble.Training;
import org.eagerae.experiment.Experiment;
import org.eagerae.experiment.ExperimentConfig;
import org.eagerae.experiment.ExperimentLayout;
import org.eagerae.experiment.ExperimentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eagerae experiment}: the paper's study, monolithic against the eager parallel ensemble, with a report. */
@Command(name = "experiment", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {"Runs the paper's experiment and writes report.html.",
            "",
            "Per repeat: the monolithic CAE to convergence and K members in parallel, then classifiers at a series of epochs"
                + " and at equal wall-clock budgets. The default is quick settings (a few minutes for mnist-small on 2 cores);"
                + " --full runs the paper's protocol. --resume continues an interrupted experiment without redoing finished work.",
            "",
            "The label-efficiency study (--preset mnist-all, fashion-mnist-all, cifar10-all or labels-quick): per repeat both models"
                + " train 2 epochs on every training image, then the classifiers at their last epoch (and the baselines) with 10,"
                + " 30 and 100 labels per class and with every label, the semi-supervised methods among them, and the members"
                + " fine-tuned on each budget (with every label too with --fine-tune).",
            "",
            "Reads: the preset's dataset (fetched on first use). Writes: the experiment folder --out: report.html,"
                + " results.csv, figures/, experiment.json and a run folder per repeat and model (repeat-1/monolithic/,"
                + " repeat-1/ensemble/, ...)."},
        footerHeading = "%nExamples:%n",
        footer = {"  eagerae experiment --preset mnist-small --out runs/experiment",
            "  eagerae experiment --preset mnist-small --full --out runs/full",
            "  eagerae experiment --preset mnist-all --out runs/labels-mnist",
            "  eagerae experiment --preset labels-quick --out runs/labels-quick",
            "  eagerae experiment --resume --out runs/full"})
final class ExperimentCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Option(names = "--preset", defaultValue = "mnist-small", completionCandidates = CompletionValues.Presets.class,
            description = {"The paper's protocol on mnist-small (MNIST, 4,800 / 1,200), mnist-large (48,000 / 12,000), fashion-mnist"
                    + " (Fashion-MNIST, 4,800 / 1,200) or cifar10 (CIFAR-10, 4,800 / 1,200); or the label-efficiency study, the"
                    + " autoencoders on every training image and the classifiers on 10, 30 and 100 labels per class and on all:"
                    + " mnist-all and fashion-mnist-all (54,000 / 6,000), cifar10-all (45,000 / 5,000), 3 repeats, or labels-quick"
                    + " (MNIST small's split, 1 repeat, minutes) (default: ${DEFAULT-VALUE})."})
    String preset;

    @Option(names = "--members", converter = OptionValues.AtLeastOne.class, defaultValue = "5", description = "K (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--repeats", converter = OptionValues.AtLeastOne.class, description = "Repeats with different seeds (default: 1 quick, 3 full).")
    Integer repeats;

    @Option(names = "--full", description = "The paper's protocol: monolithic up to 100 epochs, members 20 epochs, 3 repeats.")
    boolean full;

    @Option(names = "--mono-epochs", paramLabel = "<monoEpochs>", converter = OptionValues.AtLeastOne.class, description = "The monolithic model's epoch cap (default: 10 quick, 100 full).")
    Integer monoMaxEpochs;

    @Option(names = "--ensemble-epochs", converter = OptionValues.AtLeastOne.class, description = "Epochs per member (default: 5 quick, 20 full).")
    Integer ensembleEpochs;

    @Option(names = "--train-size", converter = OptionValues.AtLeastOne.class,
            description = "Training images, with --val-size (default: the preset's; CIFAR-10's full split is 45000 and 5000).")
    Integer trainSize;

    @Option(names = "--val-size", converter = OptionValues.AtLeastOne.class, description = "Validation images, with --train-size.")
    Integer valSize;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the first repeat (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", converter = OptionValues.AtLeastOne.class, description = "Worker processes for the ensemble (default: cores).")
    Integer workers;

    @Option(names = "--backend", converter = OptionValues.Backend.class,
            description = "Where the ensemble's members train, and on spark also their classifiers run: processes, spark, or another"
                    + " installed backend (default: processes).")
    BackendName backend;

    @Mixin
    ArchitectureOptions architecture = new ArchitectureOptions();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = "--restart-stuck", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Start a model that learnt nothing (stuck at a constant output) again from a fresh seed;"
                    + " --no-restart-stuck trains every seed as it comes, as the paper did (default: ${DEFAULT-VALUE}).")
    boolean restartStuck;

    @Option(names = "--fine-tune", description = "Also fine-tune the members end to end, from their last evaluated epoch and, as the"
            + " control, from their initial weights (the same network trained from scratch).")
    boolean fineTune;

    @Option(names = "--labels-per-class", split = ",", paramLabel = "<N>", converter = OptionValues.LabelBudget.class,
            description = "The label-efficiency curve: after the protocol, every repeat's classifiers are trained again on N labelled"
                    + " training images per class of each budget (a seeded, stratified choice shared by the ensemble, the monolithic"
                    + " model and raw pixels), e.g. 10,30,100,all; all is every label. The autoencoders still learn from every image.")
    List<Integer> labelsPerClass;

    @Option(names = "--labels-in-all", split = ",", paramLabel = "<N>", converter = OptionValues.LabelBudget.class,
            description = "The label-efficiency curve counted in labels in all, for classes of unequal sizes: as --labels-per-class,"
                    + " but each budget is N labelled training images in all, shared among the classes in their proportions (at"
                    + " least 2 each), e.g. 100,300,1000,all; replaces the study presets' budgets per class.")
    List<Integer> labelsInAll;

    @Option(names = "--unlabelled", paramLabel = "<path>",
            description = "Images without labels that every repeat's autoencoders (the monolithic model and the members) also"
                    + " train on, as train --unlabelled: a folder of PNG or JPEG images, an IDX image file or a .npy file. The"
                    + " classifiers' standardisation, principal components and label spreading read them too (never with labels of"
                    + " their own); experiment.json and each run.json record their counts and checksum.")
    Path unlabelled;

    @Option(names = "--data-dir", description = "Data folder (default: $EAGERAE_DATA or ./data).")
    Path dataDir;

    @Option(names = "--out", required = true, description = "The experiment folder (new, or one to --resume).")
    Path out;

    @Option(names = "--resume", description = "Continue the experiment in --out with its stored settings, without redoing finished work.")
    boolean resume;

    @Override
    public Integer call() {
        int cores = EngineSetup.cores();
        EngineSetup.configure(cores);
        // a backend other than worker processes is opened, and refuses what it cannot run, before anything is written
        Execution chosen = Training.execution(Optional.ofNullable(backend),
                workers != null ? OptionalInt.of(workers) : OptionalInt.empty(), members, Map.of());
        try (Backend ensembleBackend = Backends.open(chosen.withProperties(spark.properties(chosen.backend())))) {
            return run(cores, ensembleBackend);
        }
    }

    private int run(int cores, Backend ensembleBackend) {
        ExperimentLayout layout = new ExperimentLayout(out);
        ExperimentConfig config;
        if (resume) {
            ResumeOptions.refuseOptionsThatDecideTheNumbers(command, "the experiment's experiment.json");
            config = layout.readConfig();
        } else {
            if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
                throw new InvalidInputException("experiment folder " + out + " is a file; choose another --out");
            }
            if (layout.exists() || (java.nio.file.Files.exists(out) && !isEmpty(out))) {
                throw new InvalidInputException("experiment folder " + out + " is not empty; use --resume to continue it or choose another --out");
            }
            config = newConfig(ensembleBackend.execution().workers());
            org.eagerae.model.CaeSpec model = config.model(); // the layers fit the preset's images, before anything is written
            if (unlabelled != null) {
                config = config.withUnlabelled(org.eagerae.data.UnlabelledImages.of(unlabelled, model.channels(), model.height(),
                        model.width()));
            }
            Experiment probe = new Experiment(layout, config, cores, s -> { }, org.eagerae.ensemble.EnsembleListener.NONE);
            System.out.println("data: " + probe.data(seed).ensureFetched());
            probe.data(seed).load(); // fetch and check the data before anything is written
            probe.checkLabelBudgets(); // every budget fits every repeat's training split
            layout.writeConfig(config);
        }
        System.out.printf("experiment %s (%d training / %d validation images): K=%d, %d repeat(s), monolithic <= %d epochs, members %d epochs, into %s%n",
                config.preset(), config.sizes()[0], config.sizes()[1], config.members(), config.repeats(), config.monoMaxEpochs(),
                config.ensembleEpochs(), out);
        if (config.unlabelled() != null) {
            System.out.println("autoencoders also on " + config.unlabelled().describe());
        }
        if (!config.labelBudgets().isEmpty()) {
            System.out.println("label budgets: " + config.describeBudgets());
        }
        try (ProgressReporter progress = new ProgressReporter.Lines(0, System.out)) {
            Experiment experiment = new Experiment(layout, config, cores, System.out::println, progress, progress);
            experiment.withEnsembleBackend(ensembleBackend).run();
        }
        Path report = new ExperimentReport(layout).write();
        System.out.println("report: " + report);
        return 0;
    }

    /**
     * The settings of a new experiment: the options given, else the preset's defaults. The paper's protocol: quick (1 repeat,
     * monolithic up to 10 epochs, members 5) or --full; the label-efficiency study's presets: both models {@link
     * ExperimentConfig#STUDY_EPOCHS} epochs, classified at the last, every budget of {@link ExperimentConfig#STUDY_BUDGETS}, 3
     * repeats ({@code labels-quick}: 1).
     */
    private ExperimentConfig newConfig(int workers) {
        boolean study = ExperimentConfig.labelStudy(preset); // an unknown preset is refused here, naming them all
        if (study && full) {
            throw new InvalidInputException("--full runs the paper's protocol; --preset " + preset + " runs the label-efficiency study"
                    + " (set its --ensemble-epochs, --mono-epochs and --repeats instead)");
        }
        int mono = monoMaxEpochs != null ? monoMaxEpochs : study ? ExperimentConfig.STUDY_EPOCHS : full ? 100 : 10;
        int ens = ensembleEpochs != null ? ensembleEpochs : study ? ExperimentConfig.STUDY_EPOCHS : full ? 20 : 5;
        List<Integer> epochs = ExperimentConfig.epochSeries(Math.max(mono, ens));
        int n = repeats != null ? repeats : study ? (preset.equals(ExperimentConfig.LABELS_QUICK) ? 1 : 3) : full ? 3 : 1;
        return new ExperimentConfig(preset, DataDirs.resolve(dataDir).toString(), members, n, seed, mono, ens,
                study ? List.of(ens) : full ? epochs : quickEpochs(epochs), workers,
                study ? preset.equals(ExperimentConfig.LABELS_QUICK) : !full, restartStuck,
                trainSize != null ? trainSize : 0, valSize != null ? valSize : 0,
                architecture.over(ExperimentConfig.presetArchitecture(preset)), fineTune,
                labelsPerClass != null ? labelsPerClass : study && labelsInAll == null ? ExperimentConfig.STUDY_BUDGETS : List.of(), null,
                labelsInAll);
    }

    /** Quick runs evaluate fewer epochs: 1, 3, 5 and 10. */
    private static List<Integer> quickEpochs(List<Integer> series) {
        return series.stream().filter(e -> e == 1 || e == 3 || e == 5 || e == 10).toList();
    }

    private static boolean isEmpty(Path dir) {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

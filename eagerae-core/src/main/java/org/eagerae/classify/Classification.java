package org.eagerae.classify;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.eagerae.data.DataSplit;
import org.eagerae.ensemble.CheckpointChoice;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.Checkpoint;

/**
 * Judges autoencoders by how well classifiers do on their encoders' activations (the paper's
 * figures 2 and 3): a classifier per member ({@code single}), one on the stacked activations of
 * all members ({@code stacked}), soft and hard votes over the per-member classifiers, and
 * end-to-end fine-tuning of encoder and classifier ({@code fine-tune}). Labels are used only here.
 */
public final class Classification {

    /** The methods on frozen features. */
    public static final List<String> METHODS = List.of("single", "stacked", "soft-vote", "hard-vote");

    private final CaeSpec spec;
    private final DataSplit data;
    private final ClassifierOptions options;

    public Classification(CaeSpec spec, DataSplit data, ClassifierOptions options) {
        this.spec = spec;
        this.data = data;
        this.options = options;
    }

    /** Evaluates the chosen methods on the members' chosen checkpoints. */
    public List<ClassificationResult> evaluate(List<CheckpointChoice> choices, Set<String> methods, String selection) {
        List<Integer> epochs = choices.stream().map(c -> c.record().epoch()).toList();
        long t0 = System.nanoTime();
        List<EncoderFeatures> features = new ArrayList<>();
        for (CheckpointChoice c : choices) {
            features.add(EncoderFeatures.extract(spec, c.checkpoint(), data));
        }
        double featureSeconds = (System.nanoTime() - t0) / 1e9;
        List<ClassificationResult> out = new ArrayList<>();
        boolean perMember = methods.contains("single") || methods.contains("soft-vote") || methods.contains("hard-vote");
        if (perMember) {
            long t1 = System.nanoTime();
            List<float[]> probabilities = new ArrayList<>();
            List<int[]> predictions = new ArrayList<>();
            List<Metrics> metrics = new ArrayList<>();
            for (int k = 0; k < features.size(); k++) {
                float[] p = trainAndPredict(features.get(k), k);
                probabilities.add(p);
                predictions.add(Votes.argmax(p, classes()));
                metrics.add(Metrics.of(predictions.get(k), data.test().labels(), classes()));
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            if (methods.contains("single")) {
                out.add(perMemberResult("single", selection, epochs, metrics, featureSeconds, seconds));
            }
            if (methods.contains("soft-vote")) {
                out.add(vote("soft-vote", selection, epochs, predictions, Votes.soft(probabilities, classes()), featureSeconds, seconds));
            }
            if (methods.contains("hard-vote")) {
                out.add(vote("hard-vote", selection, epochs, predictions, Votes.hard(probabilities, classes()), featureSeconds, seconds));
            }
        }
        if (methods.contains("stacked")) {
            long t1 = System.nanoTime();
            float[] p = trainAndPredict(EncoderFeatures.stack(features), 0);
            out.add(result("stacked", selection, epochs, Votes.argmax(p, classes()), featureSeconds, (System.nanoTime() - t1) / 1e9));
        }
        return out;
    }

    /**
     * Fine-tunes each member's encoder with a classifier head, end to end: {@code fine-tune} (each
     * member; their mean) and {@code fine-tune-vote} (soft vote of the fine-tuned members).
     */
    public List<ClassificationResult> fineTune(List<CheckpointChoice> choices, String selection) {
        long t0 = System.nanoTime();
        List<Metrics> metrics = new ArrayList<>();
        List<float[]> probabilities = new ArrayList<>();
        List<int[]> predictions = new ArrayList<>();
        ClassifierOptions fineTuning = options.forFineTuning();
        for (int k = 0; k < choices.size(); k++) {
            try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 0)) {
                Checkpoint.read(choices.get(k).checkpoint()).loadWeightsInto(cae);
                try (Network net = Network.onEncoder(cae, data.train(), fineTuning.hidden(), fineTuning.dropout(), classes(), fineTuning.seed() + k)) {
                    Inputs train = Inputs.jittered(data.train(), fineTuning.maxShift(), fineTuning.maxDegrees(), fineTuning.seed() + k);
                    SupervisedTrainer.fit(net, train, data.train().labels(), Inputs.of(data.validation()),
                            data.validation().labels(), fineTuning);
                    float[] p = net.probabilities(Inputs.of(data.test()));
                    probabilities.add(p);
                    predictions.add(Votes.argmax(p, classes()));
                    metrics.add(Metrics.of(predictions.get(k), data.test().labels(), classes()));
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Integer> epochs = choices.stream().map(c -> c.record().epoch()).toList();
        return List.of(perMemberResult("fine-tune", selection, epochs, metrics, 0, seconds),
                vote("fine-tune-vote", selection, epochs, predictions, Votes.soft(probabilities, classes()), 0, seconds));
    }

    private float[] trainAndPredict(EncoderFeatures f, int member) {
        Standardizer s = Standardizer.fit(f.train());
        try (NDManager manager = NDManager.newBaseManager();
                Network net = Network.onFeatures(manager, f.train().cols(), options.hidden(), classes(), options.seed() + member)) {
            SupervisedTrainer.fit(net, Inputs.of(s.apply(f.train())), data.train().labels(), Inputs.of(s.apply(f.validation())),
                    data.validation().labels(), options);
            return net.probabilities(Inputs.of(s.apply(f.test())));
        }
    }

    private int classes() {
        return data.train().classes();
    }

    private ClassificationResult result(String method, String selection, List<Integer> epochs, int[] predicted,
            double featureSeconds, double classifierSeconds) {
        return result(method, selection, epochs, predicted, featureSeconds, classifierSeconds, null);
    }

    /** A vote's result, with how the members it combines disagree. */
    private ClassificationResult vote(String method, String selection, List<Integer> epochs, List<int[]> members, int[] predicted,
            double featureSeconds, double classifierSeconds) {
        return result(method, selection, epochs, predicted, featureSeconds, classifierSeconds,
                Diversity.of(members, predicted, data.test().labels()));
    }

    private ClassificationResult result(String method, String selection, List<Integer> epochs, int[] predicted,
            double featureSeconds, double classifierSeconds, Diversity diversity) {
        Metrics m = Metrics.of(predicted, data.test().labels(), classes());
        return new ClassificationResult(method, selection, epochs, m.accuracy(), List.of(), m.perClassAccuracy(), m.confusion(),
                featureSeconds, classifierSeconds, diversity);
    }

    private static ClassificationResult perMemberResult(String method, String selection, List<Integer> epochs, List<Metrics> metrics,
            double featureSeconds, double classifierSeconds) {
        List<Double> accuracies = metrics.stream().map(Metrics::accuracy).toList();
        Metrics best = metrics.stream().max(Comparator.comparingDouble(Metrics::accuracy)).orElseThrow();
        double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new ClassificationResult(method, selection, epochs, mean, accuracies, best.perClassAccuracy(), best.confusion(),
                featureSeconds, classifierSeconds, null);
    }
}

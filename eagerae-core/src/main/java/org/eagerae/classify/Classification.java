package org.eagerae.classify;

import ai.djl.ndarray.NDList;
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
 * Every classifier goes to a {@link ModelSink} as soon as it is trained, and its test predictions
 * are made the way a saved model makes them.
 */
public final class Classification {

    private final CaeSpec spec;
    private final DataSplit data;
    private final ClassifierOptions options;

    public Classification(CaeSpec spec, DataSplit data, ClassifierOptions options) {
        this.spec = spec;
        this.data = data;
        this.options = options;
    }

    /** Evaluates the chosen methods on the members' chosen checkpoints, keeping no classifier. */
    public List<ClassificationResult> evaluate(List<CheckpointChoice> choices, Set<Method> methods, String selection) {
        return evaluate(choices, methods, selection, ModelSink.NONE);
    }

    /**
     * Evaluates the chosen frozen-feature methods on the members' chosen checkpoints and hands every
     * classifier to {@code sink}: the per-member classifiers whenever a per-member method or a vote
     * is asked for, then the votes (which name them), then the stacked classifier.
     */
    public List<ClassificationResult> evaluate(List<CheckpointChoice> choices, Set<Method> methods, String selection, ModelSink sink) {
        try (FeatureStore store = FeatureStore.temporary()) {
            return evaluate(choices, methods, selection, sink, store);
        }
    }

    /**
     * As {@link #evaluate(List, Set, String, ModelSink)}, with the members' activations kept in {@code store}: outside
     * the heap, read a batch at a time, never stacked or standardised as a whole.
     */
    private List<ClassificationResult> evaluate(List<CheckpointChoice> choices, Set<Method> methods, String selection, ModelSink sink,
            FeatureStore store) {
        List<Integer> epochs = epochs(choices);
        long t0 = System.nanoTime();
        List<EncoderFeatures> features = new ArrayList<>();
        for (CheckpointChoice c : choices) {
            features.add(EncoderFeatures.extract(spec, c.checkpoint(), data, store));
        }
        double featureSeconds = (System.nanoTime() - t0) / 1e9;
        List<ClassificationResult> out = new ArrayList<>();
        if (methods.contains(Method.SINGLE) || methods.contains(Method.SOFT_VOTE) || methods.contains(Method.HARD_VOTE)) {
            long t1 = System.nanoTime();
            Members members = new Members();
            for (int k = 0; k < features.size(); k++) {
                try (FeatureHead head = FeatureHead.train(List.of(features.get(k)), data.train().labels(), data.validation().labels(),
                        classes(), options, options.seed() + k)) {
                    float[] p = head.probabilities(features.get(k).test());
                    int[] predicted = Votes.argmax(p, classes());
                    Metrics m = metrics(predicted);
                    members.add(p, predicted, m, save(sink, Method.SINGLE, k, List.of(choices.get(k)), head::weights, options, m.accuracy(),
                            head.fit().orElseThrow().bestValAccuracy()));
                }
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            if (methods.contains(Method.SINGLE)) {
                out.add(perMemberResult(Method.SINGLE, selection, epochs, members, featureSeconds, seconds));
            }
            for (Method vote : List.of(Method.SOFT_VOTE, Method.HARD_VOTE)) {
                if (methods.contains(vote)) {
                    out.add(vote(vote, choices, members, sink, selection, featureSeconds, seconds));
                }
            }
        }
        if (methods.contains(Method.STACKED)) {
            long t1 = System.nanoTime();
            try (FeatureHead head = FeatureHead.train(features, data.train().labels(), data.validation().labels(), classes(),
                    options, options.seed())) {
                Metrics m = metrics(Votes.argmax(head.probabilities(features.stream().map(EncoderFeatures::test).toList()), classes()));
                String name = save(sink, Method.STACKED, -1, choices, head::weights, options, m.accuracy(),
                        head.fit().orElseThrow().bestValAccuracy());
                out.add(result(Method.STACKED, selection, epochs, m, featureSeconds, (System.nanoTime() - t1) / 1e9, null, names(name)));
            }
        }
        return out;
    }

    /** Fine-tunes each member, keeping no classifier. */
    public List<ClassificationResult> fineTune(List<CheckpointChoice> choices, String selection) {
        return fineTune(choices, selection, ModelSink.NONE);
    }

    /**
     * Fine-tunes each member's encoder with a classifier head, end to end: {@code fine-tune} (each
     * member; their mean) and {@code fine-tune-vote} (soft vote of the fine-tuned members). Each
     * fine-tuned member, then the vote, goes to {@code sink}.
     */
    public List<ClassificationResult> fineTune(List<CheckpointChoice> choices, String selection, ModelSink sink) {
        long t0 = System.nanoTime();
        Members members = new Members();
        ClassifierOptions fineTuning = options.forFineTuning();
        for (int k = 0; k < choices.size(); k++) {
            try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 0)) {
                Checkpoint.read(choices.get(k).checkpoint()).loadWeightsInto(cae);
                try (Network net = Network.onEncoder(cae, data.train(), fineTuning.hidden(), fineTuning.dropout(), classes(), fineTuning.seed() + k)) {
                    Inputs train = Inputs.jittered(data.train(), fineTuning.maxShift(), fineTuning.maxDegrees(), fineTuning.seed() + k);
                    SupervisedTrainer.Fit fit = SupervisedTrainer.fit(net, train, data.train().labels(), Inputs.of(data.validation()),
                            data.validation().labels(), fineTuning);
                    float[] p = net.probabilities(Inputs.of(data.test()));
                    int[] predicted = Votes.argmax(p, classes());
                    Metrics m = metrics(predicted);
                    members.add(p, predicted, m, save(sink, Method.FINE_TUNE, k, List.of(choices.get(k)), net::weights, fineTuning, m.accuracy(),
                            fit.bestValAccuracy()));
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Integer> epochs = epochs(choices);
        return List.of(perMemberResult(Method.FINE_TUNE, selection, epochs, members, 0, seconds),
                vote(Method.FINE_TUNE_VOTE, choices, members, sink, selection, 0, seconds));
    }

    /** The per-member classifiers' test probabilities, metrics and saved names, member order. */
    private static final class Members {
        final List<float[]> probabilities = new ArrayList<>();
        final List<int[]> predictions = new ArrayList<>();
        final List<Metrics> metrics = new ArrayList<>();
        final List<String> names = new ArrayList<>();

        void add(float[] p, int[] predicted, Metrics m, String name) {
            probabilities.add(p);
            predictions.add(predicted);
            metrics.add(m);
            names.add(name);
        }

        /** The names of all members' saved classifiers, or empty when they were not kept. */
        List<String> savedNames() {
            return names.contains(null) ? List.of() : List.copyOf(names);
        }
    }

    /** Copies of a classifier's weights into a scratch manager. */
    private interface WeightSource {
        NDList copyInto(NDManager target);
    }

    private static String save(ModelSink sink, Method method, int member, List<CheckpointChoice> checkpoints, WeightSource weights,
            ClassifierOptions settings, double testAccuracy, double validationAccuracy) {
        try (NDManager scratch = NDManager.newBaseManager()) {
            return sink.save(new TrainedClassifier(method, member, checkpoints, List.of(), weights.copyInto(scratch), settings,
                    testAccuracy, validationAccuracy));
        }
    }

    private ClassificationResult vote(Method method, List<CheckpointChoice> choices, Members members, ModelSink sink, String selection,
            double featureSeconds, double classifierSeconds) {
        int[] predicted = method == Method.HARD_VOTE ? Votes.hard(members.probabilities, classes())
                : Votes.soft(members.probabilities, classes());
        Metrics m = metrics(predicted);
        String name = null;
        List<String> parts = members.savedNames();
        if (!parts.isEmpty()) {
            ClassifierOptions settings = method == Method.FINE_TUNE_VOTE ? options.forFineTuning() : options;
            name = sink.save(new TrainedClassifier(method, -1, choices, parts, new NDList(), settings, m.accuracy(), null));
        }
        return result(method, selection, epochs(choices), m, featureSeconds, classifierSeconds,
                Diversity.of(members.predictions, predicted, data.test().labels()), names(name));
    }

    private static List<String> names(String name) {
        return name == null ? List.of() : List.of(name);
    }

    private static List<Integer> epochs(List<CheckpointChoice> choices) {
        return choices.stream().map(c -> c.record().epoch()).toList();
    }

    private Metrics metrics(int[] predicted) {
        return Metrics.of(predicted, data.test().labels(), classes());
    }

    private int classes() {
        return data.train().classes();
    }

    private static ClassificationResult result(Method method, String selection, List<Integer> epochs, Metrics m,
            double featureSeconds, double classifierSeconds, Diversity diversity, List<String> models) {
        return new ClassificationResult(method, selection, epochs, m.accuracy(), List.of(), m.perClassAccuracy(), m.confusion(),
                featureSeconds, classifierSeconds, diversity, models);
    }

    private static ClassificationResult perMemberResult(Method method, String selection, List<Integer> epochs, Members members,
            double featureSeconds, double classifierSeconds) {
        List<Double> accuracies = members.metrics.stream().map(Metrics::accuracy).toList();
        Metrics best = members.metrics.stream().max(Comparator.comparingDouble(Metrics::accuracy)).orElseThrow();
        double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new ClassificationResult(method, selection, epochs, mean, accuracies, best.perClassAccuracy(), best.confusion(),
                featureSeconds, classifierSeconds, null, members.savedNames());
    }
}

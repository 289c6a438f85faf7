package org.eagerae.models;

import org.eagerae.run.CheckpointSelection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.classify.FeaturePooling;
import org.eagerae.classify.Method;
import org.eagerae.classify.ModelSink;
import org.eagerae.classify.TrainedClassifier;
import org.eagerae.data.DataSplit;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.Environment;
import org.eagerae.run.RunSpec;

/**
 * Saves the classifiers of one {@code classify} invocation as models, named
 * {@code <method>[-mNN]-<selection>[-<settings>][-<n>]}: the selection ({@code epoch-003},
 * {@code budget-20s}; none for {@code raw-pixels}, which reads no checkpoint), the classifier
 * settings where they differ from the defaults ({@code logistic}, {@code mlp128}, {@code seed7}),
 * and, when models of those names exist already, the first number from 2 up that makes every name
 * of the family new (a per-member method with its votes, stacked, or raw pixels).
 */
final class ModelSaver implements ModelSink {

    private final ModelStore store;
    private final RunSpec config;
    private final DataSplit data;
    private final CheckpointSelection selection;
    private final Map<Method, String> tags;
    private final Map<Method, ModelManifest.EpochChoice> choices;
    private final Map<String, Object> environment;

    private ModelSaver(ModelStore store, RunSpec config, DataSplit data, CheckpointSelection selection, Map<Method, String> tags,
            Map<Method, ModelManifest.EpochChoice> choices) {
        this.store = store;
        this.config = config;
        this.data = data;
        this.selection = selection;
        this.tags = tags;
        this.choices = choices;
        this.environment = Environment.describe();
    }

    /**
     * Prepares to save the models that classifying with {@code methods} trains on the chosen
     * checkpoints, under names none of which exists yet. Each family of models (per-member
     * classifiers with their votes; stacked) gets its own number, so that a family classified
     * again does not rename the others.
     */
    static ModelSaver plan(ModelStore store, RunSpec config, DataSplit data, CheckpointSelection selection,
            List<CheckpointChoice> chosen, ClassifierOptions options, Set<Method> methods) {
        Map<Method, String> tags = new EnumMap<>(Method.class);
        for (Map.Entry<Method, List<Method>> family : families(methods).entrySet()) {
            String base = family.getKey().readsEncoders() ? selection.tag(chosen) + settingsTag(options)
                    : settingsTag(options.withFeaturePooling(FeaturePooling.NONE)).replaceFirst("^-", ""); // pixels are not pooled
            for (int n = 1; ; n++) {
                String tag = n == 1 ? base : base.isEmpty() ? String.valueOf(n) : base + "-" + n;
                List<String> planned = new ArrayList<>();
                for (Method m : family.getValue()) {
                    if (m.perMember()) {
                        chosen.forEach(c -> planned.add(ModelStore.name(m, c.record().member(), 0, tag)));
                    } else {
                        planned.add(ModelStore.name(m, -1, 0, tag));
                    }
                    if (m.votesOverSeeds()) { // the extra heads, saved as models of the method they are
                        int member = m.readsEncoders() && !chosen.isEmpty() ? chosen.get(0).record().member() : -1;
                        for (int h = 1; h < options.votingHeads(); h++) {
                            planned.add(ModelStore.name(m.voters(), member, h, tag));
                        }
                    }
                }
                if (planned.stream().noneMatch(store::exists)) {
                    tags.put(family.getKey(), tag);
                    break;
                }
            }
        }
        return new ModelSaver(store, config, data, selection, tags, Map.of());
    }

    /**
     * This saver, recording in each manifest how {@code classify --epoch best} chose the epoch: a method's own
     * choice, or for per-member classifiers without one (the parts of a vote chosen at this epoch), the vote's.
     */
    ModelSaver withChoices(Map<Method, ModelManifest.EpochChoice> byMethod) {
        return new ModelSaver(store, config, data, selection, tags, Map.copyOf(byMethod));
    }

    private ModelManifest.EpochChoice choice(Method method) {
        ModelManifest.EpochChoice own = choices.get(method);
        if (own != null || !method.perMember()) {
            return own;
        }
        return choices.entrySet().stream().filter(e -> e.getKey().vote() && e.getKey().voters() == method)
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The methods by family: a per-member method with the votes over it, or a method alone. */
    private static Map<Method, List<Method>> families(Set<Method> methods) {
        Map<Method, List<Method>> families = new EnumMap<>(Method.class);
        for (Method m : methods) {
            Method root = family(m);
            List<Method> members = families.computeIfAbsent(root, r -> new ArrayList<>(List.of(r)));
            if (m != root) {
                members.add(m);
            }
        }
        return families;
    }

    private static Method family(Method m) {
        return m.vote() ? m.voters() : m;
    }

    /** The part of a name that says how the classifier differs from the default MLP of 256 units on 99 % principal components with every label and seed 1. */
    static String settingsTag(ClassifierOptions options) {
        ClassifierOptions defaults = ClassifierOptions.defaults(1);
        String tag = options.hidden() == 0 ? "-logistic" : options.hidden() != defaults.hidden() ? "-mlp" + options.hidden() : "";
        if (options.pcaVariance() != defaults.pcaVariance()) {
            tag += "-pca" + java.math.BigDecimal.valueOf(options.pcaVariance()).movePointRight(2).stripTrailingZeros().toPlainString();
        }
        if (options.featurePooling().pools()) {
            tag += options.featurePooling().grid() == 1 ? "-avg" : "-grid" + options.featurePooling().grid();
        }
        if (options.labelsPerClass() > 0) {
            tag += "-labels" + options.labelsPerClass();
        }
        if (options.labelsInAll() > 0) {
            tag += "-labels" + options.labelsInAll() + "-in-all";
        }
        return tag + (options.seed() != defaults.seed() ? "-seed" + options.seed() : "");
    }

    @Override
    public String save(TrainedClassifier c) {
        String name = ModelStore.name(c.method(), c.member(), c.head(), tags.get(family(c.method())));
        List<ModelManifest.Source> checkpoints = c.checkpoints().stream()
                .map(ch -> new ModelManifest.Source(ch.record().member(), ch.record().epoch(),
                        store.run().root().relativize(ch.checkpoint()).toString().replace('\\', '/'), ModelStore.sha256(ch.checkpoint()),
                        ch.record().elapsedSeconds()))
                .toList();
        int classes = data.train().classes();
        ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT, name, c.method(),
                c.method().readsEncoders() ? selection : new CheckpointSelection.None(), choice(c.method()), checkpoints, c.parts(), c.options(),
                config.data().classNames(classes), InputFormat.of(config.model().channels(), config.model().height(), config.model().width()),
                config.model(), c.testAccuracy(), c.validationAccuracy(), data.test().size(), config.data().describe(), environment,
                Instant.now().toString(), org.eagerae.classify.Classification.unsupervisedImages(data, c.method()));
        store.write(manifest, c.weights());
        return name;
    }
}

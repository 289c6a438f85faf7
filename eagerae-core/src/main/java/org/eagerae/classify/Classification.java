package org.eagerae.classify;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.data.DataSplit;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.run.CheckpointSelection;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;

/**
 * Judges autoencoders by how well classifiers do on their encoders' activations (the paper's
 * figures 2 and 3): a classifier per member ({@code single}), one on the stacked activations of
 * all members ({@code stacked}), soft and hard votes over the per-member classifiers, and
 * end-to-end fine-tuning of encoder and classifier ({@code fine-tune}); and the baseline they must
 * beat, the per-member classifier on the images' pixels ({@code raw-pixels}). Labels are used only here.
 * Every classifier goes to a {@link ModelSink} as soon as it is trained, and its test predictions
 * are made the way a saved model makes them. Each result also has the accuracy of its classifiers on
 * the validation split, the only accuracy that may choose anything ({@code classify --epoch best}).
 */
public final class Classification {

    private final CaeSpec spec;
    private final DataSplit data;
    private final ClassifierOptions options;
    private final ClassifierListener listener;
    private final int threads;
    /**
     * The labelled images the classifiers see ({@link LabelledImages#sha256}), recorded with every result; computed when the
     * first result is, since a member's part computed elsewhere ({@link #member}) makes no result.
     */
    private String labelsSha256;

    /** Classification that reports to no one, its classifiers side by side on every core. */
    public Classification(CaeSpec spec, DataSplit data, ClassifierOptions options) {
        this(spec, data, options, ClassifierListener.NONE, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param listener hears the features and every classifier's epochs
     * @param threads  how many classifiers on frozen features train side by side (their numbers do not
     *                 depend on it)
     */
    public Classification(CaeSpec spec, DataSplit data, ClassifierOptions options, ClassifierListener listener, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.spec = spec;
        this.data = data;
        this.options = options;
        this.listener = listener;
        this.threads = threads;
    }

    /** Evaluates the chosen methods on the members' chosen checkpoints, keeping no classifier. */
    public List<ClassificationResult> evaluate(List<CheckpointChoice> choices, Set<Method> methods, CheckpointSelection selection) {
        return evaluate(choices, methods, selection, ModelSink.NONE);
    }

    /**
     * Evaluates the chosen frozen-feature methods on the members' chosen checkpoints and hands every
     * classifier to {@code sink}: the per-member classifiers whenever a per-member method or a vote
     * is asked for, then the votes (which name them), then the stacked classifier, then the first member's other heads
     * and their vote ({@code head-vote}), then the heads on raw pixels and their vote (which read no checkpoint:
     * {@code choices} may then be empty). The seed controls' K comes from {@link ClassifierOptions#votingHeads()}.
     */
    public List<ClassificationResult> evaluate(List<CheckpointChoice> choices, Set<Method> methods, CheckpointSelection selection, ModelSink sink) {
        try (FeatureStore store = FeatureStore.temporary()) {
            return evaluate(choices, methods, selection, sink, store);
        }
    }

    /**
     * As {@link #evaluate(List, Set, String, ModelSink)}, with the members' activations kept in {@code store}: outside
     * the heap, read a batch at a time, never stacked or standardised as a whole.
     */
    private List<ClassificationResult> evaluate(List<CheckpointChoice> choices, Set<Method> methods, CheckpointSelection selection, ModelSink sink,
            FeatureStore store) {
        requireSpreadable(methods, options);
        int members = membersRead(methods, choices.size());
        long start = System.nanoTime();
        // with a core per member or more, members' extractions overlap with the classifiers; otherwise each gets every core
        boolean overlap = threads > 1 && members >= threads;
        EncoderFeatures[] features = new EncoderFeatures[members];
        AtomicLong featuresEnd = new AtomicLong(start);
        for (int k = 0; !overlap && k < members; k++) {
            features[k] = extract(choices, k, store, featuresEnd);
        }
        TaskGraph graph = new TaskGraph();
        List<TaskGraph.Task> prepared = new ArrayList<>();
        for (int k = 0; k < members; k++) {
            int member = k;
            prepared.add(graph.add(() -> {
                if (features[member] == null) {
                    features[member] = extract(choices, member, store, featuresEnd);
                }
                if (options.pcaVariance() > 0) {
                    features[member] = principal(features[member], member, members);
                }
            }, List.of()));
        }
        List<TrainedHead> heads = Collections.synchronizedList(new ArrayList<>());
        if (methods.contains(Method.STACKED)) { // first among the ready tasks: the longest, so that it ends with the others
            graph.add(() -> heads.add(trainHead(new ClassifierTask(Method.STACKED, -1), List.of(features), start)), prepared);
        }
        for (int k = 0; k < members; k++) {
            int member = k;
            for (ClassifierTask task : memberHeads(member, methods)) {
                graph.add(() -> heads.add(trainHead(task, List.of(features[member]), start)), List.of(prepared.get(member)));
            }
        }
        AtomicLong pixelsStart = new AtomicLong(start);
        AtomicLong pixelsEnd = new AtomicLong(start);
        addPixelHeads(graph, methods, store, heads, pixelsStart, pixelsEnd);
        try {
            runSideBySide(graph, false);
            heads.sort(Comparator.comparingInt((TrainedHead h) -> h.task().member()).thenComparingInt(h -> h.task().head())); // stacked, then by member and head
            return results(choices, methods, selection, sink, epochs(choices), (featuresEnd.get() - start) / 1e9,
                    (pixelsEnd.get() - pixelsStart.get()) / 1e9, heads);
        } finally { // also the heads trained before a task failed
            heads.forEach(h -> h.release().run());
        }
    }

    /**
     * As {@link #evaluate(List, Set, CheckpointSelection, ModelSink)}, each member's activations, principal components and
     * own heads computed by {@code elsewhere} (a cluster's executors, say) with the numbers of this process: here only the
     * training of the stacked head (on the members' principal components, which it receives one member at a time; its
     * probabilities come from {@link MemberClassifiers#stackedProbabilities}, where the members' activations are computed
     * again), the heads on raw pixels, and the votes. No member's activations come here; the stacked head therefore
     * needs principal components ({@link #requireRunsElsewhere}).
     */
    public List<ClassificationResult> evaluate(List<CheckpointChoice> choices, Set<Method> methods, CheckpointSelection selection, ModelSink sink,
            MemberClassifiers elsewhere) {
        requireRunsElsewhere(methods, options);
        requireSpreadable(methods, options);
        int members = membersRead(methods, choices.size());
        boolean stacked = methods.contains(Method.STACKED);
        List<MemberClassifierJob> jobs = new ArrayList<>();
        for (int k = 0; k < members; k++) {
            Path checkpoint = choices.get(k).checkpoint();
            try {
                jobs.add(new MemberClassifierJob(k, members, Files.readAllBytes(checkpoint), checkpoint.toString(), memberHeads(k, methods),
                        stacked));
            } catch (IOException e) {
                throw new UncheckedIOException(checkpoint + ": cannot read checkpoint", e);
            }
        }
        List<TrainedHead> heads = Collections.synchronizedList(new ArrayList<>());
        try (FeatureStore store = FeatureStore.temporary()) {
            long start = System.nanoTime();
            AtomicLong featuresEnd = new AtomicLong(start);
            EncoderFeatures[] forStacking = new EncoderFeatures[members];
            int images = data.imagesEncoded();
            if (!jobs.isEmpty()) {
                elsewhere.run(spec, data, options, jobs, r -> {
                    long now = System.nanoTime();
                    featuresEnd.accumulateAndGet(now - (long) (r.headSeconds() * 1e9), Math::max);
                    listener.onFeatures(r.member(), members, images);
                    if (r.components() != null) {
                        listener.onPrincipalComponents(r.member(), members, r.components());
                    }
                    for (MemberHeads.Head h : r.heads()) {
                        listener.onClassifierStart(h.task(), options.maxEpochs());
                        listener.onClassifierDone(h.task(), h.epochs(), h.bestValAccuracy());
                        heads.add(new TrainedHead(h.task(), h::weights, () -> { }, h.testProbabilities(), h.validationProbabilities(),
                                (now - start) / 1e9));
                    }
                    if (r.forStacking() != null) {
                        forStacking[r.member()] = r.forStacking().features(r.components());
                    }
                });
            }
            TaskGraph graph = new TaskGraph();
            if (stacked && members > 0) { // trained here on the members' components; its probabilities where their activations are
                graph.add(() -> heads.add(trainHead(new ClassifierTask(Method.STACKED, -1), List.of(forStacking), start, head -> {
                    try (NDManager scratch = NDManager.newBaseManager()) {
                        return elsewhere.stackedProbabilities(spec, data, options, jobs, head.weights(scratch).encode());
                    }
                })), List.of());
            }
            AtomicLong pixelsStart = new AtomicLong(start);
            AtomicLong pixelsEnd = new AtomicLong(start);
            addPixelHeads(graph, methods, store, heads, pixelsStart, pixelsEnd);
            runSideBySide(graph, true);
            heads.sort(Comparator.comparingInt((TrainedHead h) -> h.task().member()).thenComparingInt(h -> h.task().head()));
            return results(choices, methods, selection, sink, epochs(choices), (featuresEnd.get() - start) / 1e9,
                    (pixelsEnd.get() - pixelsStart.get()) / 1e9, heads);
        } finally {
            heads.forEach(h -> h.release().run());
        }
    }

    /**
     * Refuses methods that cannot run with the members' parts elsewhere ({@link MemberClassifiers}): a stacked head on every
     * activation, which would need all members' training activations in one place.
     *
     * @throws InvalidInputException what to change
     */
    public static void requireRunsElsewhere(Set<Method> methods, ClassifierOptions options) {
        if (!onlyHere(methods, options).isEmpty()) {
            throw new InvalidInputException("the stacked head reads every member's principal components when the members' heads train"
                    + " elsewhere; give pcaVariance above 0, or leave stacked out");
        }
    }

    /**
     * Refuses the semi-supervised methods ({@link Method#spreadsLabels}) without principal components: label spreading joins
     * images by them.
     *
     * @throws InvalidSettingException what to change
     */
    public static void requireSpreadable(Set<Method> methods, ClassifierOptions options) {
        if (options.pcaVariance() == 0 && methods.stream().anyMatch(m -> m.spreadsLabels() || m.needsSpreadHeads())) {
            throw new InvalidSettingException("pcaVariance", "pcaVariance 0 leaves label spreading no principal components to join"
                    + " images by; give it above 0 for " + Method.SEMI_SUPERVISED.stream().filter(methods::contains).toList());
        }
    }

    /**
     * Of {@code methods}, those that cannot run with the members' parts elsewhere ({@link MemberClassifiers}): a stacked head on
     * every activation (no principal components), which reads all members' training activations in one place.
     */
    public static Set<Method> onlyHere(Set<Method> methods, ClassifierOptions options) {
        return methods.contains(Method.STACKED) && options.pcaVariance() == 0 ? Set.of(Method.STACKED) : Set.of();
    }

    /**
     * One member's part, as {@link MemberClassifiers} run it: its activations and principal components computed as
     * {@link #evaluate} computes them, then its heads, side by side on {@link #threads} threads.
     */
    MemberHeads member(MemberClassifierJob job) {
        List<TrainedHead> heads = Collections.synchronizedList(new ArrayList<>());
        try (FeatureStore store = FeatureStore.temporary()) {
            long start = System.nanoTime();
            EncoderFeatures read = EncoderFeatures.extract(spec, job.read(), data, store, options.featurePooling());
            EncoderFeatures features = options.pcaVariance() > 0 ? principal(read, job.member(), job.members()) : read;
            long featuresEnd = System.nanoTime();
            TaskGraph graph = new TaskGraph();
            for (ClassifierTask task : job.heads()) {
                graph.add(() -> heads.add(trainHead(task, List.of(features), start)), List.of());
            }
            runSideBySide(graph, false);
            heads.sort(Comparator.comparingInt((TrainedHead h) -> h.task().head()));
            List<MemberHeads.Head> out = new ArrayList<>();
            for (TrainedHead h : heads) {
                SupervisedTrainer.Fit fit = h.fit();
                try (NDManager scratch = NDManager.newBaseManager()) {
                    out.add(new MemberHeads.Head(h.task(), h.weights().copyInto(scratch).encode(), h.testProbabilities(),
                            h.validationProbabilities(), fit.epochs(), fit.bestValAccuracy()));
                }
            }
            EncoderFeatures.Principal principal = features.principal();
            MemberHeads.ForStacking forStacking = job.forStacking()
                    ? new MemberHeads.ForStacking(features.standardizer(), principal.train(), principal.validation(), features.train().cols(),
                            features.test().rows())
                    : null;
            return new MemberHeads(job.member(), principal == null ? null : principal.components(), (featuresEnd - start) / 1e9,
                    (System.nanoTime() - featuresEnd) / 1e9, out, forStacking);
        } finally {
            heads.forEach(h -> h.release().run());
        }
    }

    /**
     * The stacked head's probabilities of the test and validation splits, its weights ({@link FeatureHead#weights}, encoded)
     * read back and every member's activations of those splits computed anew from the jobs' checkpoints, as
     * {@link MemberClassifiers} compute them where the members' parts run.
     */
    SplitProbabilities stackedProbabilities(List<MemberClassifierJob> jobs, byte[] weights) {
        try (FeatureStore store = FeatureStore.temporary(); NDManager manager = NDManager.newBaseManager()) {
            List<Features> validation = new ArrayList<>();
            List<Features> test = new ArrayList<>();
            for (MemberClassifierJob job : jobs) {
                try (NDManager scratch = NDManager.newBaseManager(); Cae cae = Cae.create(spec, scratch, 0)) {
                    job.read().loadWeightsInto(cae);
                    FeatureSource source = FeatureSource.encoder(cae, options.featurePooling());
                    validation.add(EncoderFeatures.into(source, Inputs.of(data.validation()), store));
                    test.add(EncoderFeatures.into(source, Inputs.of(data.test()), store));
                }
            }
            int features = validation.stream().mapToInt(Features::cols).sum();
            try (FeatureHead head = FeatureHead.load(NDList.decode(manager, weights), features, options.hidden(), classes())) {
                return new SplitProbabilities(head.probabilities(test), head.probabilities(validation));
            }
        }
    }

    /** How many members the methods read: all, or only the first for head-vote alone, or none for raw pixels alone. */
    private static int membersRead(Set<Method> methods, int members) {
        return methods.stream().anyMatch(m -> m.readsEncoders() && m != Method.HEAD_VOTE) ? members
                : methods.contains(Method.HEAD_VOTE) ? Math.min(1, members) : 0;
    }

    /**
     * The heads on member {@code k}'s features alone: its own ({@code single}) whenever a per-member method or a vote is
     * asked for, its {@code spread} head whenever a semi-supervised method is, and on the first member head-vote's other
     * heads (its first is single's when that trains).
     */
    private List<ClassifierTask> memberHeads(int k, Set<Method> methods) {
        List<ClassifierTask> tasks = new ArrayList<>();
        boolean perMember = methods.stream().anyMatch(Method::needsMemberHeads);
        if (perMember) {
            tasks.add(new ClassifierTask(Method.SINGLE, k));
        }
        if (methods.stream().anyMatch(Method::needsSpreadHeads)) {
            tasks.add(new ClassifierTask(Method.SPREAD, k));
        }
        if (k == 0 && methods.contains(Method.HEAD_VOTE)) {
            for (int h = perMember ? 1 : 0; h < requireVotingHeads(); h++) {
                tasks.add(new ClassifierTask(Method.HEAD_VOTE, 0, h));
            }
        }
        return tasks;
    }

    /**
     * Adds the heads on raw pixels to {@code graph}, as a member: its features and components, then its heads (head 0 is
     * raw-pixels' own classifier, and the vote's first); {@code pixelsStart} and {@code pixelsEnd} are set to when the
     * pixels' task starts and when their features are stored.
     */
    private void addPixelHeads(TaskGraph graph, Set<Method> methods, FeatureStore store, List<TrainedHead> heads, AtomicLong pixelsStart,
            AtomicLong pixelsEnd) {
        if (methods.stream().allMatch(Method::readsEncoders)) {
            return;
        }
        EncoderFeatures[] pixels = new EncoderFeatures[1];
        TaskGraph.Task stored = graph.add(() -> {
            pixelsStart.set(System.nanoTime());
            pixels[0] = pixels(store, pixelsEnd);
        }, List.of());
        if (methods.contains(Method.RAW_PIXELS_SPREAD)) {
            ClassifierTask task = new ClassifierTask(Method.RAW_PIXELS_SPREAD, -1);
            graph.add(() -> heads.add(trainHead(task, List.of(pixels[0]), pixelsStart.get())), List.of(stored));
        }
        int pixelHeads = methods.contains(Method.RAW_PIXELS_VOTE) ? requireVotingHeads()
                : methods.contains(Method.RAW_PIXELS) ? 1 : 0;
        for (int h = 0; h < pixelHeads; h++) {
            ClassifierTask task = new ClassifierTask(h == 0 ? Method.RAW_PIXELS : Method.RAW_PIXELS_VOTE, -1, h);
            graph.add(() -> heads.add(trainHead(task, List.of(pixels[0]), pixelsStart.get())), List.of(stored));
        }
    }

    /**
     * Runs {@code graph} on {@link #threads} threads side by side with one intra-op thread each (none waits on another's
     * threads), or on this thread with the engine's threads when there is one thread or one task (unless {@code oneThreadEach}:
     * then a single task too runs with one intra-op thread, as it would beside others).
     */
    private void runSideBySide(TaskGraph graph, boolean oneThreadEach) {
        boolean parallel = threads > 1 && (graph.size() > 1 || oneThreadEach);
        Engine.getInstance(); // loads the native library, which the thread counts below need, if nothing has used the engine yet
        int intraOp = JniUtils.getNumThreads();
        if (parallel) {
            JniUtils.setNumThreads(1); // a thread takes the count in force when it first uses the engine
        }
        try {
            graph.run(parallel ? threads : 1);
        } finally {
            if (parallel) {
                JniUtils.setNumThreads(intraOp);
            }
        }
    }

    /** Member {@code k}'s activations, telling the listener, and moving {@code end} to now if later. */
    private EncoderFeatures extract(List<CheckpointChoice> choices, int k, FeatureStore store, AtomicLong end) {
        EncoderFeatures e = EncoderFeatures.extract(spec, choices.get(k).checkpoint(), data, store, options.featurePooling());
        listener.onFeatures(k, choices.size(), data.imagesEncoded());
        end.accumulateAndGet(System.nanoTime(), Math::max);
        return e;
    }

    /**
     * The images' pixels as features ({@link FeatureSource#pixels}), into {@code store}, with their principal components when
     * heads train on them; {@code end} is set to when the pixels were stored.
     */
    private EncoderFeatures pixels(FeatureStore store, AtomicLong end) {
        EncoderFeatures pixels = EncoderFeatures.extract(FeatureSource.pixels(spec), data, store);
        end.set(System.nanoTime());
        return options.pcaVariance() > 0 ? pixels.withPrincipalComponents(options.pcaVariance(), options.seed()) : pixels;
    }

    /** Member {@code k}'s features with their principal components, computed once for its own head and the stacked one. */
    private EncoderFeatures principal(EncoderFeatures features, int k, int members) {
        EncoderFeatures e = features.withPrincipalComponents(options.pcaVariance(), options.seed());
        listener.onPrincipalComponents(k, members, e.principal().components());
        return e;
    }

    /**
     * A head trained on frozen features, with its test and validation probabilities and the seconds from the start
     * of the classification to its end.
     */
    private record TrainedHead(ClassifierTask task, WeightSource weights, Runnable release, float[] testProbabilities,
            float[] validationProbabilities, double secondsToEnd, SupervisedTrainer.Fit fit) {

        /** A head received from elsewhere: nothing here to release, its fit already reported. */
        TrainedHead(ClassifierTask task, WeightSource weights, Runnable release, float[] testProbabilities, float[] validationProbabilities,
                double secondsToEnd) {
            this(task, weights, release, testProbabilities, validationProbabilities, secondsToEnd, null);
        }
    }

    /** The head of {@code task} on {@code inputs}: one member's features, or every member's for the stacked head. */
    private TrainedHead trainHead(ClassifierTask task, List<EncoderFeatures> inputs, long start) {
        return trainHead(task, inputs, start, head -> new SplitProbabilities(head.probabilities(inputs.stream().map(EncoderFeatures::test).toList()),
                head.probabilities(inputs.stream().map(EncoderFeatures::validation).toList())));
    }

    /** As {@link #trainHead(ClassifierTask, List, long)}, the trained head's probabilities of the test and validation splits from {@code probabilities}. */
    private TrainedHead trainHead(ClassifierTask task, List<EncoderFeatures> inputs, long start,
            java.util.function.Function<FeatureHead, SplitProbabilities> probabilities) {
        long seed = options.seed() + task.seedOffset();
        listener.onClassifierStart(task, options.maxEpochs());
        FeatureHead head = task.method().spreadsLabels()
                ? FeatureHead.trainOnSpreadLabels(inputs.get(0), data.train().labels(), data.validation().labels(), classes(), options, seed,
                        LabelSpreading.DEFAULT, listener, task)
                : FeatureHead.train(inputs, data.train().labels(), data.validation().labels(), classes(), options, seed, listener, task);
        try {
            SplitProbabilities both = probabilities.apply(head);
            float[] p = both.test();
            float[] v = both.validation();
            SupervisedTrainer.Fit fit = head.fit().orElseThrow();
            listener.onClassifierDone(task, fit.epochs(), fit.bestValAccuracy());
            return new TrainedHead(task, head::weights, head::close, p, v, (System.nanoTime() - start) / 1e9, fit);
        } catch (RuntimeException e) {
            head.close();
            throw e;
        }
    }

    /**
     * The results of the trained heads, their classifiers handed to {@code sink} in member order, then
     * the votes, then the stacked one, then the one on raw pixels. The feature seconds run from the start to the last member's
     * activations, a method's classifier seconds from then to the end of its last head (heads train side by side, and with one
     * core per member or more, a member's start as soon as its activations and components are ready). Raw pixels' are its own,
     * from the start of its task (which may wait for a free thread): {@code pixelSeconds} to store its pixels, then its head's.
     */
    private List<ClassificationResult> results(List<CheckpointChoice> choices, Set<Method> methods, CheckpointSelection selection, ModelSink sink,
            List<Integer> epochs, double featureSeconds, double pixelSeconds, List<TrainedHead> heads) {
        List<ClassificationResult> out = new ArrayList<>();
        Members firstMemberHeads = new Members();
        for (Method perMember : List.of(Method.SINGLE, Method.SPREAD)) {
            List<TrainedHead> own = heads.stream().filter(h -> h.task().method() == perMember).toList();
            if (own.isEmpty()) {
                continue;
            }
            Members members = new Members();
            for (TrainedHead h : own) {
                int k = h.task().member();
                members.add(scored(h, perMember, List.of(choices.get(k)), sink));
            }
            if (perMember == Method.SINGLE) {
                firstMemberHeads.add(members.entries.get(0)); // member 0's own head (heads come sorted by member)
            }
            double seconds = own.stream().mapToDouble(TrainedHead::secondsToEnd).max().orElseThrow() - featureSeconds;
            if (methods.contains(perMember)) {
                out.add(perMemberResult(perMember, selection, epochs, members, featureSeconds, seconds));
            }
            for (Method vote : List.of(Method.SOFT_VOTE, Method.HARD_VOTE, Method.SPREAD_VOTE)) {
                if (vote.voters() == perMember && methods.contains(vote)) {
                    out.add(vote(vote, choices, members, sink, selection, featureSeconds, seconds));
                }
            }
        }
        for (TrainedHead h : heads.stream().filter(x -> x.task().method() == Method.STACKED).toList()) {
            Metrics m = metrics(Votes.argmax(h.testProbabilities(), classes()));
            double validation = validationAccuracy(h.validationProbabilities());
            String name = save(sink, Method.STACKED, -1, 0, choices, h.weights(), options, m.accuracy(), validation);
            out.add(result(Method.STACKED, selection, epochs, m, validation, featureSeconds, h.secondsToEnd() - featureSeconds, null,
                    names(name)));
        }
        if (methods.contains(Method.HEAD_VOTE) && !choices.isEmpty()) {
            for (TrainedHead h : heads.stream().filter(x -> x.task().method() == Method.HEAD_VOTE).toList()) {
                firstMemberHeads.add(scored(h, Method.SINGLE, List.of(choices.get(0)), sink)); // saved as what they are: heads on member 0
            }
            double seconds = heads.stream().filter(x -> x.task().member() == 0).mapToDouble(TrainedHead::secondsToEnd).max().orElseThrow()
                    - featureSeconds;
            out.add(vote(Method.HEAD_VOTE, List.of(choices.get(0)), firstMemberHeads, sink, selection, featureSeconds, seconds));
        }
        Members pixelHeads = new Members();
        for (TrainedHead h : heads.stream().filter(x -> x.task().method() == Method.RAW_PIXELS || x.task().method() == Method.RAW_PIXELS_VOTE).toList()) {
            pixelHeads.add(scored(h, Method.RAW_PIXELS, List.of(), sink));
        }
        if (methods.contains(Method.RAW_PIXELS)) {
            TrainedHead h = heads.stream().filter(x -> x.task().method() == Method.RAW_PIXELS).findFirst().orElseThrow();
            Members.Entry own = pixelHeads.entries.get(0);
            out.add(result(Method.RAW_PIXELS, new CheckpointSelection.None(), List.of(), own.metrics(), own.validationAccuracy(),
                    pixelSeconds, h.secondsToEnd() - pixelSeconds, null, names(own.name())));
        }
        if (methods.contains(Method.RAW_PIXELS_VOTE)) {
            double end = heads.stream().filter(x -> x.task().method() == Method.RAW_PIXELS || x.task().method() == Method.RAW_PIXELS_VOTE)
                    .mapToDouble(TrainedHead::secondsToEnd).max().orElseThrow();
            out.add(vote(Method.RAW_PIXELS_VOTE, List.of(), pixelHeads, sink, new CheckpointSelection.None(), pixelSeconds, end - pixelSeconds));
        }
        for (TrainedHead h : heads.stream().filter(x -> x.task().method() == Method.RAW_PIXELS_SPREAD).toList()) {
            Members.Entry own = scored(h, Method.RAW_PIXELS_SPREAD, List.of(), sink);
            out.add(result(Method.RAW_PIXELS_SPREAD, new CheckpointSelection.None(), List.of(), own.metrics(), own.validationAccuracy(),
                    pixelSeconds, h.secondsToEnd() - pixelSeconds, null, names(own.name())));
        }
        return out;
    }

    /** A frozen-feature head's predictions and scores, its classifier handed to {@code sink} as a {@code savedAs} model. */
    private Members.Entry scored(TrainedHead h, Method savedAs, List<CheckpointChoice> checkpoints, ModelSink sink) {
        int[] predicted = Votes.argmax(h.testProbabilities(), classes());
        Metrics m = metrics(predicted);
        double validation = validationAccuracy(h.validationProbabilities());
        String name = save(sink, savedAs, h.task().member(), h.task().head(), checkpoints, h.weights(), options, m.accuracy(), validation);
        return new Members.Entry(h.testProbabilities(), h.validationProbabilities(), predicted, m, validation, name);
    }

    /** Fine-tunes each member, keeping no classifier. */
    public List<ClassificationResult> fineTune(List<CheckpointChoice> choices, CheckpointSelection selection) {
        return fineTune(choices, selection, ModelSink.NONE);
    }

    /**
     * Fine-tunes each member's encoder with a classifier head, end to end, in this process one member at a
     * time: {@code fine-tune} (each member; their mean) and {@code fine-tune-vote} (soft vote of the fine-tuned
     * members). Each fine-tuned member, then the vote, goes to {@code sink}.
     */
    public List<ClassificationResult> fineTune(List<CheckpointChoice> choices, CheckpointSelection selection, ModelSink sink) {
        return fineTune(choices, selection, sink, FineTuning.inProcess(spec, data));
    }

    /** As {@link #fineTune(List, CheckpointSelection, ModelSink)}, the members fine-tuned by {@code tuner} (side by side in workers, say). */
    public List<ClassificationResult> fineTune(List<CheckpointChoice> choices, CheckpointSelection selection, ModelSink sink, FineTuning tuner) {
        long t0 = System.nanoTime();
        ClassifierOptions fineTuning = options.forFineTuning();
        List<Integer> memberIndices = java.util.stream.IntStream.range(0, choices.size()).boxed().toList();
        try (NDManager owner = NDManager.newBaseManager(); MemberThreads pool = new MemberThreads(tuner.parallelism())) {
            List<FineTuning.Result> tuned = pool.map(memberIndices, k -> {
                ClassifierTask task = new ClassifierTask(Method.FINE_TUNE, k);
                listener.onClassifierStart(task, fineTuning.maxEpochs());
                FineTuning.Result r = tuner.fineTune(k, choices.get(k).checkpoint(), fineTuning, owner, listener, task);
                listener.onClassifierDone(task, r.fit().epochs(), r.fit().bestValAccuracy());
                return r;
            });
            Members members = new Members();
            for (int k = 0; k < tuned.size(); k++) {
                FineTuning.Result r = tuned.get(k);
                int[] predicted = Votes.argmax(r.testProbabilities(), classes());
                Metrics m = metrics(predicted);
                double validation = validationAccuracy(r.validationProbabilities());
                members.add(new Members.Entry(r.testProbabilities(), r.validationProbabilities(), predicted, m, validation, save(sink,
                        Method.FINE_TUNE, k, 0, List.of(choices.get(k)), target -> StateDict.copyAll(r.weights(), target), fineTuning, m.accuracy(),
                        validation)));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<Integer> epochs = epochs(choices);
            return List.of(perMemberResult(Method.FINE_TUNE, selection, epochs, members, 0, seconds),
                    vote(Method.FINE_TUNE_VOTE, choices, members, sink, selection, 0, seconds));
        }
    }

    /** The classifiers a vote combines (members', or one source's heads), in order: probabilities, metrics, saved names. */
    private static final class Members {
        /** One classifier's. */
        record Entry(float[] probabilities, float[] validationProbabilities, int[] predicted, Metrics metrics, double validationAccuracy,
                String name) {}

        final List<Entry> entries = new ArrayList<>();

        void add(Entry e) {
            entries.add(e);
        }

        List<float[]> probabilities() {
            return entries.stream().map(Entry::probabilities).toList();
        }

        List<float[]> validationProbabilities() {
            return entries.stream().map(Entry::validationProbabilities).toList();
        }

        List<int[]> predictions() {
            return entries.stream().map(Entry::predicted).toList();
        }

        List<Metrics> metrics() {
            return entries.stream().map(Entry::metrics).toList();
        }

        /** The names of all members' saved classifiers, or empty when they were not kept. */
        List<String> savedNames() {
            List<String> names = entries.stream().map(Entry::name).toList();
            return names.contains(null) ? List.of() : names;
        }
    }

    /** Copies of a classifier's weights into a scratch manager. */
    private interface WeightSource {
        NDList copyInto(NDManager target);
    }

    private static String save(ModelSink sink, Method method, int member, int head, List<CheckpointChoice> checkpoints, WeightSource weights,
            ClassifierOptions settings, double testAccuracy, double validationAccuracy) {
        try (NDManager scratch = NDManager.newBaseManager()) {
            return sink.save(new TrainedClassifier(method, member, head, checkpoints, List.of(), weights.copyInto(scratch), settings,
                    testAccuracy, validationAccuracy));
        }
    }

    private ClassificationResult vote(Method method, List<CheckpointChoice> choices, Members members, ModelSink sink, CheckpointSelection selection,
            double featureSeconds, double classifierSeconds) {
        int[] predicted = method == Method.HARD_VOTE ? Votes.hard(members.probabilities(), classes())
                : Votes.soft(members.probabilities(), classes());
        Metrics m = metrics(predicted);
        int[] onValidation = method == Method.HARD_VOTE ? Votes.hard(members.validationProbabilities(), classes())
                : Votes.soft(members.validationProbabilities(), classes());
        double validation = Metrics.of(onValidation, data.validation().labels(), classes()).accuracy();
        String name = null;
        List<String> parts = members.savedNames();
        if (!parts.isEmpty()) {
            name = sink.save(new TrainedClassifier(method, -1, 0, choices, parts, new NDList(), settings(method), m.accuracy(), validation));
        }
        return result(method, method.readsEncoders() ? selection : new CheckpointSelection.None(), epochs(choices), m, validation,
                featureSeconds, classifierSeconds, Diversity.of(members.predictions(), predicted, data.test().labels()), names(name));
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

    /** The accuracy on the validation split of a classifier with these validation probabilities. */
    private double validationAccuracy(float[] probabilities) {
        return Metrics.of(Votes.argmax(probabilities, classes()), data.validation().labels(), classes()).accuracy();
    }

    /** K of the seed controls; set by then ({@link ClassifierOptions#withVotingHeadsDefault}). */
    private int requireVotingHeads() {
        if (options.votingHeads() < 1) {
            throw new IllegalArgumentException("the seed controls need votingHeads >= 1; fill it in from the run's members first");
        }
        return options.votingHeads();
    }

    private int classes() {
        return data.train().classes();
    }

    private ClassificationResult result(Method method, CheckpointSelection selection, List<Integer> epochs, Metrics m,
            double validationAccuracy, double featureSeconds, double classifierSeconds, Diversity diversity, List<String> models) {
        return new ClassificationResult(method, selection, epochs, m.accuracy(), m.balancedAccuracy(), validationAccuracy, List.of(),
                m.perClassAccuracy(), m.confusion(), featureSeconds, classifierSeconds, diversity, models, settings(method), null,
                labelsSha256(), unsupervisedImages(data, method));
    }

    /** {@link #labelsSha256}, computed once. */
    private synchronized String labelsSha256() {
        if (labelsSha256 == null) {
            labelsSha256 = LabelledImages.sha256(data);
        }
        return labelsSha256;
    }

    /**
     * How many images {@code method}'s unsupervised steps (standardisation, principal components, label spreading) are fitted on
     * with {@code data} ({@link DataSplit#unsupervisedImages()}); null for fine-tuning, which has none.
     */
    public static Integer unsupervisedImages(DataSplit data, Method method) {
        return method.fineTunes() ? null : data.unsupervisedImages().size();
    }

    /** The settings of a method's classifiers: fine-tuning's for the fine-tuned members and their vote. */
    private ClassifierOptions settings(Method method) {
        return method.fineTunes() ? options.forFineTuning() : options;
    }

    private ClassificationResult perMemberResult(Method method, CheckpointSelection selection, List<Integer> epochs, Members members,
            double featureSeconds, double classifierSeconds) {
        List<Double> accuracies = members.metrics().stream().map(Metrics::accuracy).toList();
        Metrics best = members.metrics().stream().max(Comparator.comparingDouble(Metrics::accuracy)).orElseThrow();
        double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double balanced = members.metrics().stream().mapToDouble(Metrics::balancedAccuracy).average().orElse(Double.NaN);
        double validation = members.entries.stream().mapToDouble(Members.Entry::validationAccuracy).average().orElse(Double.NaN);
        return new ClassificationResult(method, selection, epochs, mean, balanced, validation, accuracies, best.perClassAccuracy(),
                best.confusion(), featureSeconds, classifierSeconds, null, members.savedNames(), settings(method), null, labelsSha256(),
                unsupervisedImages(data, method));
    }
}

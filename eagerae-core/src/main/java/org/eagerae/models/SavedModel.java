package org.eagerae.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.classify.EncoderFeatures;
import org.eagerae.classify.FeatureHead;
import org.eagerae.classify.FeatureMatrix;
import org.eagerae.classify.FeaturePooling;
import org.eagerae.classify.FeatureSource;
import org.eagerae.classify.Inputs;
import org.eagerae.classify.MemberThreads;
import org.eagerae.classify.Method;
import org.eagerae.classify.Network;
import org.eagerae.classify.Standardizer;
import org.eagerae.classify.Votes;
import org.eagerae.run.RunDirectory;
import org.eagerae.model.Cae;
import org.eagerae.train.Checkpoint;

/**
 * A saved model, loaded and ready: classifies images given in its input shape and gives their
 * embeddings. It computes exactly what {@code classify} computed for the test split (the same
 * batches of 500 give the same numbers). Members may be computed side by side ({@link Parallelism}).
 * Thread-safe: concurrent calls are served one at a time.
 */
public final class SavedModel implements Embedder {

    private final ModelManifest manifest;
    private final NDManager manager;
    private final List<AutoCloseable> resources;
    private final Part part;

    private SavedModel(ModelManifest manifest, NDManager manager, List<AutoCloseable> resources, Part part) {
        this.manifest = manifest;
        this.manager = manager;
        this.resources = resources;
        this.part = part;
    }

    /**
     * Loads a model of a run: its weights, and the member checkpoints it uses after checking their
     * checksums; a missing or unknown model or a changed checkpoint is an error. Members are
     * computed one at a time.
     */
    public static SavedModel load(RunDirectory run, String name) {
        return load(run, name, 1);
    }

    /** The same, computing up to {@code memberThreads} members side by side. */
    public static SavedModel load(RunDirectory run, String name, int memberThreads) {
        ModelStore store = ModelStore.of(run);
        ModelManifest manifest = store.manifest(name);
        NDManager manager = NDManager.newBaseManager();
        MemberThreads threads = new MemberThreads(memberThreads);
        List<AutoCloseable> resources = new ArrayList<>(List.of(threads));
        try {
            return new SavedModel(manifest, manager, resources, load(store, manifest, manager, resources, threads));
        } catch (RuntimeException e) {
            closeAll(resources);
            manager.close();
            throw e;
        }
    }

    private static Part load(ModelStore store, ModelManifest m, NDManager manager, List<AutoCloseable> resources, MemberThreads threads) {
        if (m.method().vote()) {
            List<Part> members = new ArrayList<>();
            for (String partName : m.parts()) {
                members.add(load(store, store.manifest(partName), manager, resources, threads));
            }
            return new Vote(m.method(), members, m.classCount(), threads);
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDList weights = store.weights(m.name(), scratch);
            int hidden = m.classifier().hidden();
            if (m.method() == Method.FINE_TUNE) {
                Cae cae = Cae.create(m.spec(), manager, 0);
                FeaturePooling pooling = m.classifier().featurePooling();
                Network net = Network.onEncoder(cae, Standardizer.load(weights, pooling.size(m.spec())), hidden, m.classCount(), pooling);
                net.load(weights);
                return new FineTuned(cae, net, pooling);
            }
            List<FeatureSource> sources = new ArrayList<>();
            if (!m.method().readsEncoders()) { // a head on the pixels
                sources.add(FeatureSource.pixels(m.spec()));
            }
            for (ModelManifest.Source c : m.checkpoints()) {
                Cae cae = Cae.create(m.spec(), manager, 0);
                Checkpoint.read(store.verifiedCheckpoint(m, c)).loadWeightsInto(cae);
                sources.add(FeatureSource.encoder(cae, m.classifier().featurePooling()));
            }
            FeatureHead head = FeatureHead.load(weights, m.headInputs(), hidden, m.classCount());
            resources.add(head);
            return new Frozen(sources, head, m.classCount(), threads);
        }
    }

    /** The model's manifest. */
    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public InputFormat input() {
        return manifest.input();
    }

    /** Length of an embedding: one encoder's activations, times the members for votes and {@code stacked}; an image's pixels for {@code raw-pixels}. */
    @Override
    public int embeddingSize() {
        if (!manifest.method().vote()) {
            return manifest.headInputs();
        }
        int perPart = manifest.method().readsEncoders() ? manifest.classifier().featurePooling().size(manifest.spec())
                : manifest.spec().imageSize();
        return perPart * manifest.parts().size();
    }

    /** Classifies images: {@code pixels} holds whole images in the model's {@link InputFormat}, one after the other. */
    public synchronized Predictions predict(float[] pixels) {
        return part.predict(inputs(pixels));
    }

    /**
     * The images' embeddings: the encoders' flattened activations (of every member in member order
     * for votes and {@code stacked}; for {@code raw-pixels} the pixels), before standardisation.
     */
    @Override
    public synchronized FeatureMatrix embed(float[] pixels) {
        return part.embed(inputs(pixels));
    }

    private Inputs inputs(float[] pixels) {
        InputFormat in = manifest.input();
        if (pixels.length % in.imageSize() != 0) {
            throw new IllegalArgumentException(pixels.length + " values are not whole " + in.shape() + " images");
        }
        return Inputs.of(pixels, in.channels(), in.height(), in.width());
    }

    @Override
    public synchronized void close() {
        closeAll(resources);
        manager.close();
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // closing native memory does not fail in a way worth reporting
            }
        }
    }

    /** What a model computes, by kind. */
    private sealed interface Part permits Frozen, FineTuned, Vote {
        Predictions predict(Inputs images);

        FeatureMatrix embed(Inputs images);
    }

    /**
     * A head on frozen features: one encoder's activations ({@code single}), several side by side ({@code stacked}), or the
     * pixels ({@code raw-pixels}).
     */
    private record Frozen(List<FeatureSource> sources, FeatureHead head, int classes, MemberThreads threads) implements Part {
        @Override
        public Predictions predict(Inputs images) {
            float[] p = head.probabilities(embed(images));
            return new Predictions(Votes.argmax(p, classes), p, classes);
        }

        @Override
        public FeatureMatrix embed(Inputs images) {
            List<FeatureMatrix> parts = threads.map(sources, source -> EncoderFeatures.of(source, images));
            return parts.size() == 1 ? parts.get(0) : FeatureMatrix.stack(parts);
        }
    }

    /** A fine-tuned encoder and its head. */
    private record FineTuned(Cae encoder, Network network, FeaturePooling pooling) implements Part {
        @Override
        public Predictions predict(Inputs images) {
            float[] p = network.probabilities(images);
            return new Predictions(Votes.argmax(p, network.classes()), p, network.classes());
        }

        @Override
        public FeatureMatrix embed(Inputs images) {
            return EncoderFeatures.of(FeatureSource.encoder(encoder, pooling), images);
        }
    }

    /** A vote over per-member models. */
    private record Vote(Method method, List<Part> members, int classes, MemberThreads threads) implements Part {
        @Override
        public Predictions predict(Inputs images) {
            List<float[]> probabilities = threads.map(members, m -> m.predict(images).probabilities());
            boolean hard = method == Method.HARD_VOTE;
            int[] predicted = hard ? Votes.hard(probabilities, classes) : Votes.soft(probabilities, classes);
            return new Predictions(predicted, hard ? Votes.shares(probabilities, classes) : Votes.mean(probabilities, classes), classes);
        }

        @Override
        public FeatureMatrix embed(Inputs images) {
            return FeatureMatrix.stack(threads.map(members, m -> m.embed(images)));
        }
    }
}

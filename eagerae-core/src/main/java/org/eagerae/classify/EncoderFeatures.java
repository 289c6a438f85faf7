package org.eagerae.classify;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.Checkpoint;

/**
 * One encoder's activations (flattened), or for {@code raw-pixels} the images' pixels
 * ({@link FeatureSource}), for the three splits, the standardisation fitted on its unsupervised images
 * ({@link DataSplit#unsupervisedImages()}: the training split, or with a label budget every training image; with a run's
 * unlabelled images, those too) and,
 * once asked for ({@link #withPrincipalComponents}), the principal components fitted on them too, with the
 * training and validation activations' coordinates along them.
 *
 * @param train        training split
 * @param validation   validation split
 * @param test         test split
 * @param standardizer each feature's mean and scale on {@code fit}
 * @param principal    the principal components and coordinates, or null when not computed
 * @param fit          the activations of the images the standardisation and principal components are fitted on (no
 *                     labels are read); {@code train} itself when they are the training split's
 */
public record EncoderFeatures(Features train, Features validation, Features test, Standardizer standardizer, Principal principal,
        Features fit) {

    /**
     * The leading principal components of the standardised activations they are fitted on, and the training and
     * validation activations' coordinates along them.
     *
     * @param components the components
     * @param train      training split, {@code rows x components}
     * @param validation validation split, {@code rows x components}
     */
    public record Principal(PrincipalComponents components, FeatureMatrix train, FeatureMatrix validation) {}

    /** Images per engine call; predictions made in batches of this size from the first image repeat classify's numbers exactly. */
    public static final int BATCH = 500;

    /** Activations with the standardisation fitted on {@code train}. */
    public EncoderFeatures(Features train, Features validation, Features test) {
        this(train, validation, test, train);
    }

    /** Activations with the standardisation fitted on {@code fit}. */
    public EncoderFeatures(Features train, Features validation, Features test, Features fit) {
        this(train, validation, test, Standardizer.fit(fit), null, fit);
    }

    /**
     * These activations with their principal components that keep {@code fraction} of the standardised
     * training activations' variance, and the coordinates along them; this when they are already known for
     * that fraction.
     *
     * @param seed the start of the components' subspace iteration
     */
    public EncoderFeatures withPrincipalComponents(double fraction, long seed) {
        if (principal != null && principal.components().fraction() == fraction) {
            return this;
        }
        PrincipalComponents pcs = PrincipalComponents.fit(fit, standardizer, fraction, seed);
        return new EncoderFeatures(train, validation, test, standardizer,
                new Principal(pcs, pcs.project(train, standardizer), pcs.project(validation, standardizer)), fit);
    }

    /** Loads the checkpoint into an encoder and computes its activations of every split into {@code store}. */
    public static EncoderFeatures extract(CaeSpec spec, Path checkpoint, DataSplit split, FeatureStore store) {
        return extract(spec, checkpoint, split, store, FeaturePooling.NONE);
    }

    /** As {@link #extract(CaeSpec, Path, DataSplit, FeatureStore)}, the activations pooled by {@code pooling}. */
    public static EncoderFeatures extract(CaeSpec spec, Path checkpoint, DataSplit split, FeatureStore store, FeaturePooling pooling) {
        return extract(spec, Checkpoint.read(checkpoint), split, store, pooling);
    }

    /** As {@link #extract(CaeSpec, Path, DataSplit, FeatureStore, FeaturePooling)}, with a checkpoint already read. */
    public static EncoderFeatures extract(CaeSpec spec, Checkpoint checkpoint, DataSplit split, FeatureStore store, FeaturePooling pooling) {
        try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 0)) {
            checkpoint.loadWeightsInto(cae);
            return extract(FeatureSource.encoder(cae, pooling), split, store);
        }
    }

    /** The features {@code source} gives of every split (the pixels themselves for {@link FeatureSource#pixels}), into {@code store}. */
    public static EncoderFeatures extract(FeatureSource source, DataSplit split, FeatureStore store) {
        Features train = into(source, Inputs.of(split.train()), store);
        Features fit = split.unsupervised() == null ? train : into(source, Inputs.of(split.unsupervised()), store);
        return new EncoderFeatures(train, into(source, Inputs.of(split.validation()), store), into(source, Inputs.of(split.test()), store), fit);
    }

    /** The flattened encoder activations of every image, in the Java heap. */
    public static FeatureMatrix of(Cae cae, ImageDataset data) {
        return of(FeatureSource.encoder(cae), Inputs.of(data));
    }

    /** The flattened encoder activations of every image, in the Java heap, in batches of {@value #BATCH} from the first. */
    public static FeatureMatrix of(Cae cae, Inputs images) {
        return of(FeatureSource.encoder(cae), images);
    }

    /** The features {@code source} gives of every image, in the Java heap, in batches of {@value #BATCH} from the first. */
    public static FeatureMatrix of(FeatureSource source, Inputs images) {
        int d = source.size();
        float[] out = new float[images.size() * d];
        encode(source, images, (from, values) -> System.arraycopy(values, 0, out, from * d, values.length));
        return new FeatureMatrix(out, images.size(), d);
    }

    /** The flattened encoder activations of every image, into a matrix of {@code store}, in batches of {@value #BATCH} from the first. */
    public static Features into(Cae cae, Inputs images, FeatureStore store) {
        return into(FeatureSource.encoder(cae), images, store);
    }

    /** The features {@code source} gives of every image, into a matrix of {@code store}, in batches of {@value #BATCH} from the first. */
    public static Features into(FeatureSource source, Inputs images, FeatureStore store) {
        FeatureStore.Matrix out = store.matrix(images.size(), source.size());
        encode(source, images, out::put);
        return out;
    }

    /** Receives the activations of a batch of images that starts at image {@code from}. */
    private interface Rows {
        void put(int from, float[] values);
    }

    private static void encode(FeatureSource source, Inputs images, Rows out) {
        int[] order = new int[images.size()];
        java.util.Arrays.setAll(order, i -> i);
        for (int from = 0; from < images.size(); from += BATCH) {
            int n = Math.min(BATCH, images.size() - from);
            float[] values = source.features(images, order, from, n);
            if (values.length != n * source.size()) {
                throw new IllegalArgumentException(n + " images gave " + values.length + " features, not " + source.size() + " each");
            }
            out.put(from, values);
        }
    }
}

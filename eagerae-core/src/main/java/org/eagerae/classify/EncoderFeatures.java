package org.eagerae.classify;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.eagerae.data.DataSplit;
import org.eagerae.data.ImageDataset;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.Checkpoint;

/**
 * One encoder's activations (flattened) for the three splits.
 *
 * @param train      training split
 * @param validation validation split
 * @param test       test split
 */
public record EncoderFeatures(FeatureMatrix train, FeatureMatrix validation, FeatureMatrix test) {

    /** Images per engine call; predictions made in batches of this size from the first image repeat classify's numbers exactly. */
    public static final int BATCH = 500;

    /** Loads the checkpoint into an encoder and computes its activations of every split. */
    public static EncoderFeatures extract(CaeSpec spec, Path checkpoint, DataSplit split) {
        try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 0)) {
            Checkpoint.read(checkpoint).loadWeightsInto(cae);
            return new EncoderFeatures(of(cae, split.train()), of(cae, split.validation()), of(cae, split.test()));
        }
    }

    /** The flattened encoder activations of every image. */
    public static FeatureMatrix of(Cae cae, ImageDataset data) {
        return of(cae, Inputs.of(data));
    }

    /** The flattened encoder activations of every image, in batches of {@value #BATCH} from the first. */
    public static FeatureMatrix of(Cae cae, Inputs images) {
        int d = cae.spec().latentSize();
        float[] out = new float[images.size() * d];
        int[] order = new int[images.size()];
        java.util.Arrays.setAll(order, i -> i);
        for (int from = 0; from < images.size(); from += BATCH) {
            int n = Math.min(BATCH, images.size() - from);
            try (NDManager scratch = cae.manager().newSubManager()) {
                float[] f = cae.encode(images.batch(scratch, order, from, n)).toFloatArray();
                System.arraycopy(f, 0, out, from * d, f.length);
            }
        }
        return new FeatureMatrix(out, images.size(), d);
    }

    /** The members' features side by side, member order. */
    public static EncoderFeatures stack(java.util.List<EncoderFeatures> members) {
        return new EncoderFeatures(FeatureMatrix.stack(members.stream().map(EncoderFeatures::train).toList()),
                FeatureMatrix.stack(members.stream().map(EncoderFeatures::validation).toList()),
                FeatureMatrix.stack(members.stream().map(EncoderFeatures::test).toList()));
    }
}

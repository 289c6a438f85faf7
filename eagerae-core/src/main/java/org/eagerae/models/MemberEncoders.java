package org.eagerae.models;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.classify.EncoderFeatures;
import org.eagerae.classify.FeatureMatrix;
import org.eagerae.classify.Inputs;
import org.eagerae.run.CheckpointChoice;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.Checkpoint;

/** The encoders of a run's members at chosen checkpoints: their activations side by side, member order. */
public final class MemberEncoders implements Embedder {

    private final CaeSpec spec;
    private final NDManager manager;
    private final List<Cae> encoders = new ArrayList<>();

    /** Loads each chosen checkpoint's encoder. */
    public MemberEncoders(CaeSpec spec, List<CheckpointChoice> choices) {
        this.spec = spec;
        this.manager = NDManager.newBaseManager();
        try {
            for (CheckpointChoice c : choices) {
                Cae cae = Cae.create(spec, manager, 0);
                Checkpoint.read(c.checkpoint()).loadWeightsInto(cae);
                encoders.add(cae);
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public InputFormat input() {
        return InputFormat.of(spec.channels(), spec.height(), spec.width());
    }

    @Override
    public int embeddingSize() {
        return spec.latentSize() * encoders.size();
    }

    @Override
    public FeatureMatrix embed(float[] pixels) {
        Inputs images = Inputs.of(pixels, spec.channels(), spec.height(), spec.width());
        List<FeatureMatrix> parts = new ArrayList<>();
        for (Cae cae : encoders) {
            parts.add(EncoderFeatures.of(cae, images));
        }
        return FeatureMatrix.stack(parts);
    }

    @Override
    public void close() {
        manager.close();
    }
}

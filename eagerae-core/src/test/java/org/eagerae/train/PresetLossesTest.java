package org.eagerae.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.eagerae.data.ImageDataset;
import org.eagerae.model.CaeSpec;
import org.eagerae.testing.TinyImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's presets give the numbers they gave before the architecture became a setting: a short
 * run of each preset, on one intra-op thread, has the training and validation losses recorded from
 * that code, bit for bit. The values are those of an x86-64 CPU with AVX2 and AVX-512 (the engine
 * picks its kernels by instruction set, so another CPU may round differently).
 */
class PresetLossesTest {

    @TempDir
    Path tmp;

    @Test
    void mnistPresetGivesTheRecordedLosses() {
        List<Double> losses = losses(CaeSpec.mnist(), TinyImages.bars(100, 1, 28, 10, 1), TinyImages.bars(50, 1, 28, 10, 2));
        assertThat(losses).containsExactly(MNIST);
    }

    @Test
    void cifarPresetGivesTheRecordedLosses() {
        List<Double> losses = losses(CaeSpec.cifar10(), TinyImages.bars(100, 3, 32, 10, 1), TinyImages.bars(50, 3, 32, 10, 2));
        assertThat(losses).containsExactly(CIFAR);
    }

    private static final Double[] MNIST = {0.16030174121260643, 0.1577984245455995, 0.1560070812702179, 0.15265849210778062};
    private static final Double[] CIFAR = {0.18688977137207985, 0.18382789611816405, 0.18017783015966415, 0.1726251220703125};

    /** Train and validation loss of each of 2 epochs, batches of 25, seed 11, on one thread. */
    private List<Double> losses(CaeSpec spec, ImageDataset train, ImageDataset val) {
        ai.djl.engine.Engine.getInstance(); // loads the native library
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        try {
            MemberOutcome out = new MemberTrainer(spec, TrainingOptions.paper(2).withBatchSize(25).withStop(new StoppingRule.None()))
                    .train(0, 11, train, val, new MemberFolder(tmp.resolve(spec.describe().replace(' ', '_')), 0), EpochListener.NONE);
            return out.history().stream().flatMap(r -> java.util.stream.Stream.of(r.trainLoss(), r.valLoss())).toList();
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
    }
}

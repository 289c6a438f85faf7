package org.eagerae.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import org.eagerae.InvalidInputException;
import org.eagerae.data.ImageDataset;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;
import org.eagerae.testing.TinyImages;
import org.junit.jupiter.api.Test;

/** Classifiers written as safetensors and read back predict exactly as before. */
class WeightsRoundTripTest {

    private static final ClassifierOptions OPTIONS = ClassifierOptions.defaults(3).withHidden(16).withPcaVariance(0).withLearningRate(1e-2f)
            .withBatchSize(20).withMaxEpochs(3).withPatience(2).withLearningRateDrops(0);

    /** The weights through the file format and back, into {@code manager}. */
    private static NDList throughSafetensors(NDList weights, NDManager manager) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        weights.encode(bytes, NDList.Encoding.SAFETENSORS);
        return NDList.decode(manager, bytes.toByteArray());
    }

    @Test
    void aFeatureHeadReadBackGivesIdenticalProbabilities() throws Exception {
        ImageDataset images = TinyImages.bars(80, 1, 28, 10, 5);
        FeatureMatrix x = new FeatureMatrix(images.pixels(), images.size(), images.imageSize()); // pixels as features
        EncoderFeatures f = new EncoderFeatures(x, x, x);
        try (NDManager m = NDManager.newBaseManager();
                FeatureHead head = FeatureHead.train(java.util.List.of(f), images.labels(), images.labels(), 10, OPTIONS, 3)) {
            float[] before = head.probabilities(x);
            NDList weights = throughSafetensors(head.weights(m), m);
            assertThat(weights.stream().map(a -> a.getName()).toList()).containsExactlyInAnyOrder(
                    "standardize.mean", "standardize.scale", "head.0.weight", "head.0.bias", "head.2.weight", "head.2.bias");
            try (FeatureHead loaded = FeatureHead.load(weights, x.cols(), 16, 10)) {
                assertThat(loaded.probabilities(x)).containsExactly(before);
            }
            assertThatThrownBy(() -> FeatureHead.load(weights, x.cols(), 8, 10)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("weight 'head.0.weight' has shape (16, 784), expected (8, 784)");
        }
    }

    @Test
    void aFineTunedEncoderAndHeadReadBackGiveIdenticalProbabilities() throws Exception {
        ImageDataset images = TinyImages.bars(60, 1, 28, 10, 6);
        CaeSpec spec = CaeSpec.mnist();
        try (NDManager m = NDManager.newBaseManager(); Cae cae = Cae.create(spec, m, 7);
                Network net = Network.onEncoder(cae, images, 0, 0f, 10, 7, FeaturePooling.NONE)) {
            SupervisedTrainer.fit(net, Inputs.of(images), images.labels(), Inputs.of(images), images.labels(), OPTIONS.withHidden(0));
            float[] before = net.probabilities(Inputs.of(images));
            NDList weights = throughSafetensors(net.weights(m), m);
            assertThat(weights.stream().map(a -> a.getName()).toList()).containsExactlyInAnyOrder("encoder.0.weight", "encoder.0.bias",
                    "encoder.3.weight", "encoder.3.bias", "standardize.mean", "standardize.scale", "head.0.weight", "head.0.bias");
            try (Cae fresh = Cae.create(spec, m, 99);
                    Network loaded = Network.onEncoder(fresh, Standardizer.load(weights, spec.latentSize()), 0, 10, FeaturePooling.NONE)) {
                loaded.load(weights);
                assertThat(loaded.probabilities(Inputs.of(images.pixels(), 1, 28, 28))).containsExactly(before);
            }
        }
    }
}

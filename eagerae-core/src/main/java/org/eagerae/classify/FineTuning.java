package org.eagerae.classify;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.eagerae.data.DataSplit;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.Checkpoint;

/**
 * End-to-end fine-tuning of one member: its encoder from a checkpoint, a classifier head on it, both
 * trained together on (jittered) training images, the epoch kept by validation accuracy. What
 * {@link Classification#fineTune} does for every member, in this process or in a worker process
 * ({@link MemberFineTuner}).
 */
public final class FineTuning {

    /**
     * A fine-tuned member.
     *
     * @param testProbabilities class probabilities of the test images ({@code rows x classes}, row-major)
     * @param fit               how training went
     * @param weights           the encoder's, the scaling's and the head's weights under {@link StateDict} names
     */
    public record Result(float[] testProbabilities, SupervisedTrainer.Fit fit, NDList weights) {}

    private FineTuning() {}

    /**
     * Fine-tunes member {@code member} from {@code checkpoint} with {@code settings} (already the fine-tuning
     * ones, {@link ClassifierOptions#forFineTuning}); the weights of the result are owned by {@code target}.
     */
    public static Result member(CaeSpec spec, DataSplit data, Path checkpoint, ClassifierOptions settings, int member, NDManager target,
            SupervisedTrainer.EpochProgress progress) {
        try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 0)) {
            Checkpoint.read(checkpoint).loadWeightsInto(cae);
            try (Network net = Network.onEncoder(cae, data.train(), settings.hidden(), settings.dropout(), data.train().classes(),
                    settings.seed() + member)) {
                Inputs train = Inputs.jittered(data.train(), settings.maxShift(), settings.maxDegrees(), settings.seed() + member);
                SupervisedTrainer.Fit fit = SupervisedTrainer.fit(net, train, data.train().labels(), Inputs.of(data.validation()),
                        data.validation().labels(), settings, progress);
                return new Result(net.probabilities(Inputs.of(data.test())), fit, net.weights(target));
            }
        }
    }
}

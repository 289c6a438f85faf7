package org.eagerae.classify;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.eagerae.data.DataSplit;
import org.eagerae.model.Cae;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.Checkpoint;

/**
 * End-to-end fine-tuning of members: a member's encoder from a checkpoint, a classifier head on it,
 * both trained together on (jittered) training images, the epoch kept by validation accuracy
 * ({@link #member}). What {@link Classification#fineTune} does for every member, through an
 * implementation of this interface that says where: in this process one member at a time
 * ({@link #inProcess}; the engine allows one gradient collector per process), or in worker
 * processes side by side. Either way a member's numbers depend only on its checkpoint, the settings
 * and the intra-op threads it runs with.
 */
public interface FineTuning {

    /**
     * A fine-tuned member.
     *
     * @param testProbabilities       class probabilities of the test images ({@code rows x classes}, row-major)
     * @param validationProbabilities class probabilities of the validation images, likewise
     * @param fit                     how training went
     * @param weights                 the encoder's, the scaling's and the head's weights under {@link StateDict} names
     */
    record Result(float[] testProbabilities, float[] validationProbabilities, SupervisedTrainer.Fit fit, NDList weights) {}

    /** How many members it fine-tunes at once. */
    int parallelism();

    /**
     * Fine-tunes member {@code member} from {@code checkpoint}, telling {@code listener} of every epoch of
     * {@code task}; the result's weights are owned by {@code target}. May be called from
     * {@link #parallelism()} threads at once.
     */
    Result fineTune(int member, Path checkpoint, ClassifierOptions settings, NDManager target, ClassifierListener listener,
            ClassifierTask task);

    /** In this process, one member at a time. */
    static FineTuning inProcess(CaeSpec spec, DataSplit data) {
        return new FineTuning() {
            @Override
            public int parallelism() {
                return 1;
            }

            @Override
            public Result fineTune(int member, Path checkpoint, ClassifierOptions settings, NDManager target, ClassifierListener listener,
                    ClassifierTask task) {
                return FineTuning.member(spec, data, checkpoint, settings, member, target, listener, task);
            }
        };
    }

    /**
     * Fine-tunes member {@code member} from {@code checkpoint} with {@code settings} (already the fine-tuning
     * ones, {@link ClassifierOptions#forFineTuning}), here; the weights of the result are owned by {@code target}.
     */
    static Result member(CaeSpec spec, DataSplit data, Path checkpoint, ClassifierOptions settings, int member, NDManager target,
            ClassifierListener listener, ClassifierTask task) {
        try (NDManager manager = NDManager.newBaseManager(); Cae cae = Cae.create(spec, manager, 0)) {
            Checkpoint.read(checkpoint).loadWeightsInto(cae);
            try (Network net = Network.onEncoder(cae, data.train(), settings.hidden(), settings.dropout(), data.train().classes(),
                    settings.seed() + member, settings.featurePooling())) {
                Inputs train = Inputs.jittered(data.train(), settings.maxShift(), settings.maxDegrees(), settings.seed() + member);
                SupervisedTrainer.Fit fit = SupervisedTrainer.fit(net, train, data.train().labels(), Inputs.of(data.validation()),
                        data.validation().labels(), settings, listener, task);
                return new Result(net.probabilities(Inputs.of(data.test())), net.probabilities(Inputs.of(data.validation())), fit,
                        net.weights(target));
            }
        }
    }
}

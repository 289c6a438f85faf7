package org.eagerae.classify;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.eagerae.data.DataSplit;
import org.eagerae.model.CaeSpec;

/**
 * Where members are fine-tuned ({@link FineTuning}): in this process one at a time (the engine allows
 * one gradient collector per process), or in worker processes side by side. Either way a member's
 * numbers depend only on its checkpoint, the settings and the intra-op threads it runs with.
 */
public interface MemberFineTuner {

    /** How many members it fine-tunes at once. */
    int parallelism();

    /**
     * Fine-tunes member {@code member} from {@code checkpoint}; the result's weights are owned by {@code target}.
     * May be called from {@link #parallelism()} threads at once.
     */
    FineTuning.Result fineTune(int member, Path checkpoint, ClassifierOptions settings, NDManager target,
            SupervisedTrainer.EpochProgress progress);

    /** In this process, one member at a time. */
    static MemberFineTuner inProcess(CaeSpec spec, DataSplit data) {
        return new MemberFineTuner() {
            @Override
            public int parallelism() {
                return 1;
            }

            @Override
            public FineTuning.Result fineTune(int member, Path checkpoint, ClassifierOptions settings, NDManager target,
                    SupervisedTrainer.EpochProgress progress) {
                return FineTuning.member(spec, data, checkpoint, settings, member, target, progress);
            }
        };
    }
}

package org.eagerae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.eagerae.classify.ClassifierOptions;
import org.eagerae.experiment.ExperimentConfig;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/** The library says what is wrong in its own words: a setting by the name its record gives it, never a command-line flag. */
class InvalidSettingExceptionTest {

    @Test
    void aBadSettingIsNamedAsTheLibraryNamesIt() {
        InvalidSettingException e = catchThrowableOfType(
                () -> TrainingOptions.paper(10).withBatchSize(0), InvalidSettingException.class);
        assertThat(e).hasMessage("batchSize must be >= 1, got 0").isInstanceOf(InvalidInputException.class);
        assertThat(e.setting()).isEqualTo("batchSize");
        assertThat(e.settings()).containsExactly("batchSize");

        InvalidSettingException epochs = catchThrowableOfType(
                () -> TrainingOptions.paper(0), InvalidSettingException.class);
        assertThat(epochs).hasMessage("maxEpochs must be >= 1, got 0");

        InvalidSettingException drops = catchThrowableOfType(
                () -> ClassifierOptions.defaults(1).withLearningRateDrops(-1), InvalidSettingException.class);
        assertThat(drops).hasMessage("learningRateDrops must be >= 0, got -1");
    }

    @Test
    void noMessageSpeaksOfFlags() {
        List<Runnable> bad = List.of(
                () -> new ExperimentConfig("huge", "data", 5, 1, 1, 10, 5, List.of(1), 1, true, true),
                () -> new ExperimentConfig("mnist-small", "data", 5, 0, 1, 10, 5, List.of(1), 1, true, true),
                () -> new ExperimentConfig("mnist-small", "data", 5, 1, 1, 10, 5, List.of(1), 1, true, true, 100, 0),
                () -> StoppingRule.parse("epochs:0", 0.001, 3),
                () -> StoppingRule.parse("sometimes", 0.001, 3),
                () -> new StoppingRule.Convergence(0.001, 0));
        for (Runnable r : bad) {
            InvalidSettingException e = catchThrowableOfType(r::run, InvalidSettingException.class);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).doesNotContain("--").contains(e.setting());
        }
    }

    @Test
    void aFrontEndPutsItsOwnNamesInPlaceOfTheSettings() {
        InvalidSettingException sizes = catchThrowableOfType(
                () -> new ExperimentConfig("mnist-small", "data", 5, 1, 1, 10, 5, List.of(1), 1, true, true, 100, 0),
                InvalidSettingException.class);
        assertThat(sizes.settings()).containsExactly("trainSize", "valSize");
        Map<String, String> flags = Map.of("trainSize", "--train-size", "valSize", "--val-size");
        assertThat(sizes.messageWith(flags::get)).isEqualTo("--train-size and --val-size go together and must be >= 1; got 100 and 0");

        // the setting's own word, once: not a longer word that contains it, nor the value given
        InvalidSettingException stop = new InvalidSettingException("stop", "unknown stop rule 'stop'; stopping needs a rule");
        assertThat(stop.messageWith(s -> "--" + s)).isEqualTo("unknown --stop rule 'stop'; stopping needs a rule");
        InvalidSettingException epochs = new InvalidSettingException("epochs", "maxEpochs must be >= epochs");
        assertThat(epochs.messageWith(s -> "--" + s)).isEqualTo("maxEpochs must be >= --epochs");
        // a setting without a name of the front end's keeps the library's
        assertThat(sizes.messageWith(s -> null)).isEqualTo(sizes.getMessage());
    }
}

package org.eagerae.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eagerae.InvalidSettingException;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;
import org.junit.jupiter.api.Test;

/** The backends on this module's class path (inline, processes) and eagerae's spark module, which is not on it. */
class BackendsTest {

    @Test
    void anUnknownBackendIsRefusedListingEveryBackendThatShipsWithEagerae() {
        assertThat(Backends.names()).extracting(BackendName::value).containsExactly("inline", "processes");
        assertThat(Backends.known()).extracting(BackendName::value).containsExactly("inline", "processes", "spark");
        assertThatThrownBy(() -> Backends.open(new Execution(BackendName.of("bogus"), 1))).isInstanceOf(InvalidSettingException.class)
                .hasMessage("unknown backend 'bogus'; use one of [inline, processes, spark]");
    }

    @Test
    void aBackendOfAModuleNotOnTheClassPathNamesTheModule() {
        assertThatThrownBy(() -> Backends.open(new Execution(BackendName.of("spark"), 1))).isInstanceOf(InvalidSettingException.class)
                .hasMessage("backend 'spark' needs eagerae's module eagerae-spark on the class path (eagerae's launcher adds it when the"
                        + " backend is named)");
    }
}

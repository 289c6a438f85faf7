package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleTableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellTextLeftNumbersRight() {
        List<String> lines = new ConsoleTable().left("model").left("member epochs").right("test acc")
                .row("single-m00-epoch-010", List.of(10), "97.10%")
                .row("stacked-epoch-010", List.of(10, 10, 10, 10, 10), "98.25%")
                .lines();
        assertThat(lines).containsExactly(
                "model                 member epochs         test acc",
                "single-m00-epoch-010  [10]                    97.10%",
                "stacked-epoch-010     [10, 10, 10, 10, 10]    98.25%");
    }

    @Test
    void noLineEndsInSpaces() {
        assertThat(new ConsoleTable().right("n").left("saved as").row(1, "").row(22, "soft-vote-epoch-001").lines())
                .containsExactly(" n  saved as", " 1", "22  soft-vote-epoch-001");
    }

    @Test
    void aRowNeedsACellPerColumn() {
        assertThatThrownBy(() -> new ConsoleTable().left("a").left("b").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}

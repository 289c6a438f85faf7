package org.eagerae.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.junit.jupiter.api.Test;

class PredictionTableTest {

    private static final List<String> CLASSES = List.of("cat", "dog", "a,b");
    private static final float[] P = {0.2f, 0.7f, 0.1f};

    @Test
    void csvHasOneProbabilityColumnPerClassThatReadsBackExactly() {
        PredictionTable t = new PredictionTable(OutputFormat.CSV, CLASSES, 0);
        assertThat(t.header()).isEqualTo("image,predicted,cat,dog,\"a,b\"");
        String row = t.row("x/1.png", 1, P);
        assertThat(row).isEqualTo("x/1.png,dog,0.2,0.7,0.1");
        assertThat(Float.parseFloat(row.split(",")[3])).isEqualTo(0.7f);
    }

    @Test
    void topKListsTheMostProbableClassesFirstWithTiesToTheLowerClass() {
        PredictionTable t = new PredictionTable(OutputFormat.CSV, CLASSES, 2);
        assertThat(t.header()).isEqualTo("image,predicted,top1,top1_probability,top2,top2_probability");
        assertThat(t.row("7", 0, new float[] {0.4f, 0.2f, 0.4f})).isEqualTo("7,cat,cat,0.4,\"a,b\",0.4");
    }

    @Test
    void jsonLinesAreObjectsWithNamedProbabilities() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode all = json.readTree(new PredictionTable(OutputFormat.JSONL, CLASSES, 0).row("i\"1", 1, P));
        assertThat(all.get("image").asText()).isEqualTo("i\"1");
        assertThat(all.get("predicted").asText()).isEqualTo("dog");
        assertThat((float) all.get("probabilities").get("a,b").asDouble()).isEqualTo(0.1f);
        JsonNode top = json.readTree(new PredictionTable(OutputFormat.JSONL, CLASSES, 1).row("2", 1, P));
        assertThat(top.get("top")).hasSize(1);
        assertThat(top.get("top").get(0).get("class").asText()).isEqualTo("dog");
        assertThat(new PredictionTable(OutputFormat.JSONL, CLASSES, 0).header()).isNull();
    }

    @Test
    void topBeyondTheClassesIsBadInput() {
        assertThatThrownBy(() -> new PredictionTable(OutputFormat.CSV, CLASSES, 4)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("top must be between 1 and the number of classes (3)");
        assertThatThrownBy(() -> OutputFormat.of("xml")).isInstanceOf(InvalidInputException.class).hasMessageContaining("csv or jsonl");
    }
}

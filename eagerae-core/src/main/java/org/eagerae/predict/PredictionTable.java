package org.eagerae.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.eagerae.InvalidSettingException;

/**
 * Turns one image's prediction into a line of output. CSV: {@code image,predicted} and one
 * probability column per class, headed by the class names; with {@code top > 0}, instead the
 * {@code top} most probable classes and their probabilities ({@code top1,top1_probability,...}).
 * JSON Lines: {@code {"image":..., "predicted":..., "probabilities":{class: p, ...}}}, or
 * {@code "top":[{"class":..., "probability":...}, ...]}. Probabilities are written so that they
 * read back as the same float.
 */
public final class PredictionTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputFormat format;
    private final List<String> classes;
    private final int top;

    /**
     * @param format  CSV or JSON Lines
     * @param classes class names in label order
     * @param top     how many of the most probable classes to write; 0 = every class's probability
     */
    public PredictionTable(OutputFormat format, List<String> classes, int top) {
        if (top < 0 || top > classes.size()) {
            throw new InvalidSettingException("top", "top must be between 1 and the number of classes (" + classes.size() + "), got " + top);
        }
        this.format = format;
        this.classes = List.copyOf(classes);
        this.top = top;
    }

    /** The header line (CSV), or null (JSON Lines has none). */
    public String header() {
        if (format == OutputFormat.JSONL) {
            return null;
        }
        List<String> columns = new ArrayList<>(List.of("image", "predicted"));
        if (top == 0) {
            classes.forEach(columns::add);
        } else {
            for (int i = 1; i <= top; i++) {
                columns.add("top" + i);
                columns.add("top" + i + "_probability");
            }
        }
        return String.join(",", columns.stream().map(PredictionTable::csvField).toList());
    }

    /** The line of one image (no line break). */
    public String row(String image, int predicted, float[] probabilities) {
        return format == OutputFormat.CSV ? csvRow(image, predicted, probabilities) : jsonRow(image, predicted, probabilities);
    }

    private String csvRow(String image, int predicted, float[] p) {
        StringBuilder line = new StringBuilder(csvField(image)).append(',').append(csvField(classes.get(predicted)));
        if (top == 0) {
            for (float v : p) {
                line.append(',').append(v);
            }
        } else {
            for (int c : ranked(p)) {
                line.append(',').append(csvField(classes.get(c))).append(',').append(p[c]);
            }
        }
        return line.toString();
    }

    private String jsonRow(String image, int predicted, float[] p) {
        ObjectNode row = JSON.createObjectNode().put("image", image).put("predicted", classes.get(predicted));
        if (top == 0) {
            ObjectNode all = row.putObject("probabilities");
            for (int c = 0; c < p.length; c++) {
                all.put(classes.get(c), p[c]);
            }
        } else {
            ArrayNode best = row.putArray("top");
            for (int c : ranked(p)) {
                best.addObject().put("class", classes.get(c)).put("probability", p[c]);
            }
        }
        try {
            return JSON.writeValueAsString(row);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code top} most probable classes, most probable first (ties: the lower class first). */
    private int[] ranked(float[] p) {
        return IntStream.range(0, p.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(c -> -p[c]).thenComparingInt(c -> c))
                .limit(top).mapToInt(Integer::intValue).toArray();
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
    static String csvField(String value) {
        if (value.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}

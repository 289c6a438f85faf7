package org.eagerae.predict;

import java.util.Arrays;
import org.eagerae.InvalidSettingException;

/** How predictions are written: CSV with a header row, or JSON Lines (one object per image) for pipelines. */
public enum OutputFormat {
    /** Comma-separated values with a header row. */
    CSV("csv"),
    /** One JSON object per line. */
    JSONL("jsonl");

    private final String label;

    OutputFormat(String label) {
        this.label = label;
    }

    /** The name used on the command line. */
    public String label() {
        return label;
    }

    /** The format with this name; an error lists the known ones. */
    public static OutputFormat of(String label) {
        return Arrays.stream(values()).filter(f -> f.label.equals(label)).findFirst()
                .orElseThrow(() -> new InvalidSettingException("format", "unknown format '" + label + "'; use csv or jsonl"));
    }
}

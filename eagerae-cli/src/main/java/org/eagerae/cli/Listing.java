package org.eagerae.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.eagerae.InvalidInputException;

/**
 * How a listing command ({@code models}, {@code checkpoints}) prints what it lists: an aligned table for
 * people ({@code --format table}, the default) or a JSON array of objects for scripts ({@code --format json}).
 */
final class Listing {

    /** The formats of {@code models}: {@code table} and {@code json}. */
    static final List<String> TABLE_OR_JSON = List.of("table", "json");

    /** {@link #TABLE_OR_JSON}, for help and shell completion. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return TABLE_OR_JSON.iterator();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Listing() {}

    /** {@code format} if it is one of {@code formats}; else bad input (exit 2) that names them. */
    static String require(String format, List<String> formats) {
        if (!formats.contains(format)) {
            throw new InvalidInputException("unknown --format '" + format + "'; use "
                    + String.join(", ", formats.subList(0, formats.size() - 1)) + " or " + formats.get(formats.size() - 1));
        }
        return format;
    }

    /** Prints {@code items} (each an object of named values, in order) as an indented JSON array. */
    static void printJson(List<? extends Map<String, ?>> items, PrintStream out) {
        try {
            out.println(JSON.writeValueAsString(items));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a listing as JSON", e);
        }
    }
}

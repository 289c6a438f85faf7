package org.eagerae.data;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The split a JVM loaded last, so that checking a run's data before it is written and training it
 * afterwards read the images once. Holds one split at a time; a different source replaces it.
 */
final class LastSplit {

    private static final AtomicReference<Map.Entry<DataSource, DataSplit>> LAST = new AtomicReference<>();

    private LastSplit() {}

    /** The split of {@code source}: the one loaded last if it is the same source, else {@code read}'s. */
    static DataSplit load(DataSource source, Supplier<DataSplit> read) {
        Map.Entry<DataSource, DataSplit> last = LAST.get();
        if (last != null && last.getKey().equals(source)) {
            return last.getValue();
        }
        DataSplit split = read.get();
        LAST.set(Map.entry(source, split));
        return split;
    }
}

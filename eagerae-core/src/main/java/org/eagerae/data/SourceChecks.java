package org.eagerae.data;

import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidSettingException;

/** The dataset names and the checks that every kind of {@link DataSource} shares; not part of the library's API. */
final class SourceChecks {

    private SourceChecks() {}

    /** The published datasets' ids, then {@code idx}, {@code folder} and {@code npy}. */
    static List<String> all() {
        List<String> names = new ArrayList<>(PublishedDataset.ids());
        names.addAll(List.of("idx", "folder", "npy"));
        return List.copyOf(names);
    }

    static void requireFolder(String dataset, String images) {
        if (images == null || images.isBlank()) {
            throw new InvalidSettingException(List.of("dataset", "images"), "dataset " + dataset + " needs images DIR, the folder of its images");
        }
    }

    static void requireSizes(int trainSize, int valSize, int testSize) {
        if (trainSize < 1 || valSize < 1 || testSize < 0) {
            throw new InvalidSettingException(List.of("trainSize", "valSize", "testSize"), "trainSize and valSize must be >= 1 and testSize >= 0, got "
                    + trainSize + ", " + valSize + " and " + testSize);
        }
    }
}

package org.eagerae.classify;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidInputException;
import org.eagerae.run.RunDirectory;
import org.eagerae.io.AtomicFiles;

/** {@code classify.json} of a run: every result so far; new results are added, never replace old ones. */
public final class ClassifyFile {

    private ClassifyFile() {}

    /** The results in {@code classify.json}, or none. */
    public static List<ClassificationResult> read(RunDirectory run) {
        Path file = run.classifyFile();
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return RunDirectory.JSON.readValue(file.toFile(), new TypeReference<List<ClassificationResult>>() {});
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Adds results to {@code classify.json}, atomically. */
    public static synchronized void append(RunDirectory run, List<ClassificationResult> results) {
        List<ClassificationResult> all = new ArrayList<>(read(run));
        all.addAll(results);
        byte[] json;
        try {
            json = RunDirectory.JSON.writeValueAsBytes(all);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        AtomicFiles.write(run.classifyFile(), out -> out.write(json));
    }
}

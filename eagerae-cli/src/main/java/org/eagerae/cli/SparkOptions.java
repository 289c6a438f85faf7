package org.eagerae.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eagerae.InvalidInputException;
import org.eagerae.run.BackendName;
import picocli.CommandLine.Option;

/**
 * {@code --spark-master}, {@code --spark-storage} and {@code --spark-conf}: the Spark settings of an invocation on the
 * spark backend, passed to it as the execution's properties. The spark backend itself lives in
 * the {@code eagerae-spark} module and is found by name, so these options need no Spark here.
 */
final class SparkOptions {

    /** The backend these options are for. */
    static final BackendName BACKEND = BackendName.of("spark");

    /** The flag of the cluster's URL. */
    static final String MASTER_FLAG = "--spark-master";

    /** The Spark settings the flags set: what the library calls them in its messages. */
    private static final String MASTER_KEY = "spark.master";
    private static final String STORAGE_KEY = "spark.eagerae.storage";

    @Option(names = MASTER_FLAG, paramLabel = "URL",
            description = "With --backend spark: the cluster (spark://HOST:7077, yarn, k8s://..., local-cluster[N,1,MB]).")
    String master;

    @Option(names = "--spark-storage", paramLabel = "URI",
            description = "With --backend spark: a Hadoop file system folder (hdfs://, s3a://, file://) where executors keep the"
                + " members' files while they train (default: the run folder itself, which must then be at a path every executor sees).")
    String storage;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "With --backend spark: a Spark setting, e.g. spark.executor.memory=4g (repeatable).")
    Map<String, String> conf = new LinkedHashMap<>();

    /** The settings for the chosen backend: Spark's for {@code spark}; a Spark option with another backend is refused. */
    Map<String, String> properties(BackendName backend) {
        boolean given = master != null || storage != null || !conf.isEmpty();
        if (!backend.equals(BACKEND)) {
            if (given) {
                throw new InvalidInputException((master != null ? "--spark-master" : storage != null ? "--spark-storage" : "--spark-conf")
                        + " needs --backend spark (the backend is " + backend + ")");
            }
            return Map.of();
        }
        Map<String, String> settings = new LinkedHashMap<>(conf);
        if (master != null) {
            settings.put(MASTER_KEY, master);
        }
        if (storage != null) {
            settings.put(STORAGE_KEY, storage); // read by the spark backend
        }
        return settings;
    }

    /**
     * How the command line gives a Spark setting the library names in a message: {@code spark.master} is
     * {@code --spark-master}, {@code spark.eagerae.storage} {@code --spark-storage}, any other Spark setting
     * ({@code spark.speculation}) {@code --spark-conf spark.speculation}; null for what is not a Spark setting's name.
     */
    static String flagOf(String setting) {
        if (setting.equals(MASTER_KEY)) {
            return MASTER_FLAG;
        }
        if (setting.equals(STORAGE_KEY)) {
            return "--spark-storage";
        }
        return setting.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+") ? "--spark-conf " + setting : null;
    }
}

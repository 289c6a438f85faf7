package org.eagerae.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.worker.NativeMemory;

/**
 * The Spark settings of one invocation ({@code --spark-master}, {@code --spark-conf}), checked
 * before anything runs, and the {@link SparkConf} eagerae builds from them. eagerae trains one
 * member per executor JVM at a time (the engine allows one gradient collector per JVM, and a
 * member's seed resets the JVM's random generator), so it refuses {@code local[N>1]} and a
 * {@code spark.task.cpus} other than {@code spark.executor.cores}; each member's intra-op threads
 * are {@code spark.task.cpus}, which must be the run's stored thread count.
 *
 * @param conf the Spark settings as given, {@code spark.master} included
 */
public record SparkSettings(Map<String, String> conf) {

    /** The Spark setting that names the cluster. */
    public static final String MASTER = "spark.master";
    /** eagerae's setting for a Hadoop file system URI where executors keep the members' files ({@link HadoopStorage}). */
    public static final String STORAGE = "spark.eagerae.storage";
    /** A test hook: the executor faults to arm ({@link ExecutorFault}); passed on to executors when set in the driver. */
    static final String FAULT_PROPERTY = ExecutorFault.PROPERTY;

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");

    public SparkSettings {
        conf = Map.copyOf(new LinkedHashMap<>(conf));
        String master = conf.get(MASTER);
        if (master == null || master.isBlank()) {
            throw new InvalidSettingException(MASTER, "the spark backend needs " + MASTER + ", the cluster's URL (for example spark://HOST:7077,"
                    + " yarn, k8s://..., local-cluster[2,1,2048])");
        }
        conf.keySet().stream().filter(k -> !k.startsWith("spark.")).findFirst().ifPresent(k -> {
            throw new InvalidSettingException(k, k + ": Spark settings start with 'spark.'");
        });
        Matcher local = LOCAL.matcher(master.trim());
        if (local.matches() && local.group(1) != null && !local.group(1).equals("1")) {
            throw new InvalidSettingException(MASTER, MASTER + " " + master + " runs several members in one JVM, which the engine cannot do"
                    + " (one gradient collector per JVM); use local[1] or local-cluster[N,1,MEMORY_MB] for N executor JVMs");
        }
        if (Boolean.parseBoolean(conf.getOrDefault("spark.speculation", "false"))) {
            throw new InvalidSettingException("spark.speculation", "spark.speculation=true would train a member twice at once into the same"
                    + " folder; leave it off");
        }
        String storage = conf.get(STORAGE);
        if (storage != null && (!storage.matches("[A-Za-z][A-Za-z0-9+.-]*:.*"))) {
            throw new InvalidSettingException(STORAGE, STORAGE + " " + storage + ": expected a Hadoop file system URI such as hdfs://namenode/runs/x,"
                    + " s3a://bucket/runs/x or file:///shared/runs/x");
        }
        OptionalInt taskCpus = intSetting(conf, "spark.task.cpus");
        OptionalInt executorCores = executorCores(conf);
        if (taskCpus.isPresent() && executorCores.isPresent() && taskCpus.getAsInt() != executorCores.getAsInt()) {
            String cores = conf.containsKey("spark.executor.cores") ? "spark.executor.cores" : MASTER;
            throw new InvalidSettingException(List.of("spark.task.cpus", cores), "spark.task.cpus=" + taskCpus.getAsInt() + " but each executor has "
                    + executorCores.getAsInt() + " core(s) (" + (cores.equals(MASTER) ? MASTER + " " + master : cores)
                    + "): an executor JVM trains one member at a time, so the two must be equal");
        }
    }

    /**
     * Where executors keep the members' files, if not in the run folder itself: a Hadoop file
     * system URI ({@code --spark-storage}).
     */
    public java.util.Optional<String> storage() {
        return java.util.Optional.ofNullable(conf.get(STORAGE));
    }

    /** The master URL. */
    public String master() {
        return conf.get(MASTER).trim();
    }

    /**
     * The intra-op threads each member gets: {@code spark.task.cpus}, else the cores of an
     * executor where the master or {@code spark.executor.cores} says, else empty (the run's count
     * is then used for both).
     */
    public OptionalInt threadsPerMember() {
        OptionalInt taskCpus = intSetting(conf, "spark.task.cpus");
        return taskCpus.isPresent() ? taskCpus : executorCores(conf);
    }

    /** Refuses a run whose thread count is not the cores each member gets here. */
    public void requireThreads(int runThreads) {
        OptionalInt here = threadsPerMember();
        if (here.isPresent() && here.getAsInt() != runThreads) {
            // only the cores a master gives its executors are sure to exist; spark.task.cpus as given may ask more than workers have
            String advice = conf.containsKey("spark.task.cpus") || conf.containsKey("spark.executor.cores")
                    ? "set spark.task.cpus and spark.executor.cores to " + runThreads + ", or leave both out (eagerae then sets them to the"
                            + " run's thread count)"
                    : "start a new run with threads " + here.getAsInt() + ", the cores of each executor of " + MASTER + " " + master();
            String message = "the run trains each member with " + runThreads + " intra-op thread(s) but a Spark task here gets "
                    + here.getAsInt() + " core(s); the same numbers need the same thread count: " + advice;
            throw conf.containsKey("spark.task.cpus") || conf.containsKey("spark.executor.cores") ? new InvalidInputException(message)
                    : new InvalidSettingException(List.of("threads", MASTER), message);
        }
    }

    /** How many executors (members at the same time) there will be, where the settings say; else {@code fallback}. */
    public int expectedExecutors(int fallback) {
        Matcher cluster = LOCAL_CLUSTER.matcher(master());
        if (cluster.matches()) {
            return Integer.parseInt(cluster.group(1));
        }
        if (LOCAL.matcher(master()).matches()) {
            return 1;
        }
        OptionalInt instances = intSetting(conf, "spark.executor.instances");
        return instances.orElse(fallback);
    }

    /** Whether members run in the driver's JVM ({@code local[1]}): there are no executors to wait for. */
    boolean isLocal() {
        return LOCAL.matcher(master()).matches();
    }

    /** Whether executors are started from the Maven jars on this machine ({@code local-cluster}): they need a Spark home of sorts. */
    boolean isLocalCluster() {
        return LOCAL_CLUSTER.matcher(master()).matches();
    }

    /**
     * Refuses what cannot start, before anything is written: a {@code local-cluster} master needs
     * {@code SPARK_HOME} with a {@code jars/} folder (the launcher sets one).
     */
    public void requireStartable() {
        if (isLocalCluster()) {
            String home = System.getenv("SPARK_HOME");
            if (home == null || !Files.isDirectory(Path.of(home, "jars"))) {
                throw new InvalidSettingException(MASTER, MASTER + " " + master() + " starts executor JVMs here and needs SPARK_HOME set to a folder"
                        + " with a jars/ folder (the eagerae launcher sets it); SPARK_HOME is " + (home == null ? "not set" : home));
            }
        }
    }

    /**
     * The Spark configuration for members with {@code threads} intra-op threads: the settings
     * given, plus what eagerae needs (one member per executor, speculation off, the engine offline
     * with the run's threads, the allocator settings and DJL's cache in executors, the driver's
     * class path on executors unless jars are shipped some other way).
     */
    public SparkConf sparkConf(int threads) {
        requireThreads(threads);
        SparkConf spark = new SparkConf(true).setAppName("eagerae");
        conf.forEach(spark::set);
        spark.set("spark.speculation", "false");
        spark.setIfMissing("spark.task.cpus", String.valueOf(threads));
        if (!LOCAL.matcher(master()).matches() && !isLocalCluster()) {
            spark.setIfMissing("spark.executor.cores", String.valueOf(threads));
        }
        spark.setIfMissing("spark.ui.enabled", "false");
        spark.set("spark.executor.extraJavaOptions", (conf.getOrDefault("spark.executor.extraJavaOptions", "") + " "
                + String.join(" ", executorJavaOptions(threads))).trim());
        Map<String, String> env = new HashMap<>(System.getenv());
        NativeMemory.applyTo(env);
        NativeMemory.ENVIRONMENT.keySet().stream().filter(env::containsKey)
                .forEach(k -> spark.setIfMissing("spark.executorEnv." + k, env.get(k)));
        if (System.getenv("DJL_CACHE_DIR") != null) {
            spark.setIfMissing("spark.executorEnv.DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
        }
        spark.setIfMissing("spark.executorEnv.SPARK_SCALA_VERSION", "2.13");
        if (!conf.containsKey("spark.jars") && !conf.containsKey("spark.executor.extraClassPath")) {
            spark.set("spark.executor.extraClassPath", absoluteClassPath());
        }
        return spark;
    }

    /** Engine settings of an executor JVM: offline, the member's threads, one inter-op thread, a quick start. */
    private static List<String> executorJavaOptions(int threads) {
        List<String> options = new ArrayList<>(List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + threads,
                "-Dai.djl.pytorch.num_interop_threads=1", "-XX:+UseSerialGC"));
        String fault = System.getProperty(FAULT_PROPERTY);
        if (fault != null) {
            options.add("-D" + FAULT_PROPERTY + "=" + fault);
        }
        return options;
    }

    /** This JVM's class path with absolute entries, which executors on this machine can use as it is. */
    private static String absoluteClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static OptionalInt executorCores(Map<String, String> conf) {
        OptionalInt explicit = intSetting(conf, "spark.executor.cores");
        if (explicit.isPresent()) {
            return explicit;
        }
        String master = conf.get(MASTER).trim();
        Matcher cluster = LOCAL_CLUSTER.matcher(master);
        if (cluster.matches()) {
            return OptionalInt.of(Integer.parseInt(cluster.group(2)));
        }
        return LOCAL.matcher(master).matches() ? OptionalInt.of(1) : OptionalInt.empty();
    }

    private static OptionalInt intSetting(Map<String, String> conf, String key) {
        String value = conf.get(key);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return OptionalInt.of(n);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, key + "=" + value + ": expected a whole number >= 1");
        }
    }
}

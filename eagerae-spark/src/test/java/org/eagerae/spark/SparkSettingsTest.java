package org.eagerae.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** What the Spark settings accept, refuse and add, checked without starting Spark. */
class SparkSettingsTest {

    private static SparkSettings settings(String master, String... keyValues) {
        Map<String, String> conf = new java.util.HashMap<>();
        conf.put(SparkSettings.MASTER, master);
        for (int i = 0; i < keyValues.length; i += 2) {
            conf.put(keyValues[i], keyValues[i + 1]);
        }
        return new SparkSettings(conf);
    }

    @Test
    void refusesSeveralMembersInOneJvm() {
        assertThatThrownBy(() -> settings("local[2]")).isInstanceOf(InvalidInputException.class).hasMessageContaining("local[2]")
                .hasMessageContaining("local-cluster");
        assertThatThrownBy(() -> settings("local[*]")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> settings("local[4,2]")).isInstanceOf(InvalidInputException.class);
        assertThat(settings("local[1]").threadsPerMember()).hasValue(1);
        assertThat(settings("local").expectedExecutors(5)).isEqualTo(1);
    }

    @Test
    void refusesTaskCoresOtherThanExecutorCores() {
        assertThatThrownBy(() -> settings("spark://h:7077", "spark.task.cpus", "1", "spark.executor.cores", "2"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("spark.task.cpus=1").hasMessageContaining("2 core(s)");
        assertThatThrownBy(() -> settings("local-cluster[2,2,1024]", "spark.task.cpus", "1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("local-cluster[2,2,1024]");
        assertThat(settings("local-cluster[3,2,1024]").threadsPerMember()).hasValue(2);
        assertThat(settings("local-cluster[3,2,1024]").expectedExecutors(1)).isEqualTo(3);
        assertThat(settings("yarn", "spark.executor.instances", "8").expectedExecutors(1)).isEqualTo(8);
        assertThat(settings("yarn").threadsPerMember()).isEmpty();
    }

    @Test
    void refusesSpeculationAMissingMasterAndForeignKeys() {
        assertThatThrownBy(() -> settings("yarn", "spark.speculation", "true")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("spark.speculation");
        assertThatThrownBy(() -> new SparkSettings(Map.of("spark.task.cpus", "1"))).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("the spark backend needs spark.master, the cluster's URL").hasMessageNotContaining("--");
        assertThatThrownBy(() -> settings("yarn", "executor.cores", "1")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("executor.cores");
        assertThatThrownBy(() -> settings("yarn", "spark.task.cpus", "zero")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("spark.task.cpus=zero");
    }

    @Test
    void threadsMustBeTheRunsAndGoToEveryExecutor() {
        assertThatThrownBy(() -> settings("local-cluster[2,1,1024]").requireThreads(2)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2 intra-op thread(s)").hasMessageContaining("1 core(s)")
                .hasMessageEndingWith("start a new run with threads 1, the cores of each executor of spark.master local-cluster[2,1,1024]");
        // a thread count given as spark.task.cpus is not known to exist on the workers: the advice never asks for more threads than that
        assertThatThrownBy(() -> settings("spark://h:7077", "spark.task.cpus", "2").requireThreads(1)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("set spark.task.cpus and spark.executor.cores to 1, or leave both out (eagerae then sets them to the run's"
                        + " thread count)")
                .hasMessageNotContaining("--threads");
        SparkConf conf = settings("spark://h:7077", "spark.executor.extraJavaOptions", "-Dmine=1").sparkConf(3);
        assertThat(conf.get("spark.task.cpus")).isEqualTo("3");
        assertThat(conf.get("spark.executor.cores")).isEqualTo("3");
        assertThat(conf.get("spark.speculation")).isEqualTo("false");
        assertThat(conf.get("spark.executor.extraJavaOptions")).startsWith("-Dmine=1 ").contains("-Dai.djl.pytorch.num_threads=3")
                .contains("-Dai.djl.offline=true");
        assertThat(conf.get("spark.executor.extraClassPath")).contains("eagerae");
    }

    @Test
    void runJsonGetsTheSettingsWithoutSecrets() {
        SparkBackend backend = new SparkBackend(settings("spark://h:7077", "spark.hadoop.fs.s3a.secret.key", "s3cr3t",
                "spark.executor.memory", "2g"), 3);
        assertThat(backend.execution().properties()).containsEntry("spark.executor.memory", "2g")
                .containsEntry("spark.hadoop.fs.s3a.secret.key", "*********(redacted)");
        assertThat(backend.execution().workers()).isEqualTo(3);
        backend.close(); // never started a context
    }

    @Test
    void aMembersThreadsAreCheckedAgainstAnExecutorsCoresNotTheDrivers() {
        int executorCores = 64 * org.eagerae.ensemble.Training.cores(); // more than 4 x this machine's
        try (SparkBackend backend = new SparkBackend(settings("spark://h:7077", "spark.executor.cores", String.valueOf(executorCores)), 1)) {
            assertThat(org.eagerae.ensemble.Training.requireThreads(executorCores, backend)).isEmpty();
            assertThatThrownBy(() -> org.eagerae.ensemble.Training.requireThreads(4 * executorCores + 1, backend))
                    .isInstanceOf(org.eagerae.InvalidSettingException.class)
                    .hasMessage("threads must be at most " + 4 * executorCores + " (4 x the " + executorCores + " processor(s) it runs on), got "
                            + (4 * executorCores + 1));
        }
        try (SparkBackend sized = new SparkBackend(settings("spark://h:7077"), 1)) { // executors get the run's threads as their cores
            assertThat(org.eagerae.ensemble.Training.requireThreads(executorCores, sized)).isEmpty();
        }
    }
}

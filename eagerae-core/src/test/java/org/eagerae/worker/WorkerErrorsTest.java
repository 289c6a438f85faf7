package org.eagerae.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The line of a dead worker's standard error that says why it died, as the JVM and the worker write them. */
class WorkerErrorsTest {

    @Test
    void aJvmThatCannotStartIsReportedByItsOwnComplaintNotItsBoilerplate() {
        assertThat(WorkerErrors.why(List.of("Unrecognized option: -Xbogus", "Error: Could not create the Java Virtual Machine.",
                "Error: A fatal exception has occurred. Program will exit."))).hasValue("Unrecognized option: -Xbogus");
        assertThat(WorkerErrors.why(List.of("Invalid maximum heap size: -Xmx4x", "Error: Could not create the Java Virtual Machine.",
                "Error: A fatal exception has occurred. Program will exit."))).hasValue("Invalid maximum heap size: -Xmx4x");
        // a class path without eagerae: the launcher's line says it, its cause only repeats it
        assertThat(WorkerErrors.why(List.of("Error: Could not find or load main class org.eagerae.worker.WorkerMain",
                "Caused by: java.lang.ClassNotFoundException: org.eagerae.worker.WorkerMain")))
                .hasValue("Error: Could not find or load main class org.eagerae.worker.WorkerMain");
    }

    @Test
    void anExceptionIsItsLineWithItsRootCauseAndWarningsTimingsAndFramesArePassedOver() {
        List<String> lines = List.of(
                "WARN ai.djl.util.cuda.CudaUtils - Failed to detect GPU count: CUDA driver version is insufficient",
                "worker: engine loaded, 2.21 s after spawn",
                "Exception in thread \"main\" java.lang.IllegalStateException: cannot map the images",
                "\tat org.eagerae.worker.WorkerMain.main(WorkerMain.java:80)",
                "Caused by: java.io.UncheckedIOException: java.io.IOException: Input/output error",
                "\tat org.eagerae.data.IdxReader.read(IdxReader.java:40)",
                "Caused by: java.io.IOException: Input/output error",
                "\t... 3 more",
                "[W106 10:47:01.123] Warning: something the engine says (function operator())",
                "");
        assertThat(WorkerErrors.why(lines))
                .hasValue("Exception in thread \"main\" java.lang.IllegalStateException: cannot map the images"
                        + " (caused by java.io.IOException: Input/output error)");
        assertThat(WorkerErrors.why(List.of("ERROR org.eagerae.worker - failed", "worker: standard input closed; exiting")))
                .hasValue("worker: standard input closed; exiting");
    }

    @Test
    void aWorkerThatSaidNothingButWarningsHasNoReason() {
        assertThat(WorkerErrors.why(List.of("WARN ai.djl.util.cuda.CudaUtils - Failed to detect GPU count",
                "worker: job 1 (member 0) starts its first batch, 2.90 s after spawn"))).isEmpty();
        WorkerErrors errors = new WorkerErrors();
        errors.add("Unrecognized option: -Xbogus");
        assertThat(errors.why()).hasValue("Unrecognized option: -Xbogus");
        errors.clear();
        assertThat(errors.why()).isEmpty();
    }

    @Test
    void aKilledWorkerIsNamedByItsSignal() {
        assertThat(WorkerProcess.ended(1)).isEqualTo("exit code 1");
        assertThat(WorkerProcess.ended(137)).startsWith("exit code 137: killed by signal 9 (SIGKILL");
        assertThat(WorkerProcess.ended(143)).isEqualTo("exit code 143: killed by signal 15 (SIGTERM)");
    }
}

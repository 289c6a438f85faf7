package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.ensemble.MemberRunner;
import org.eagerae.ensemble.MembersFailedException;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunManifest;
import org.eagerae.run.RunSpec;
import org.eagerae.testing.TinyRuns;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every way a command can end badly is one line with the right exit code. */
class ErrorLinesTest {

    private final StringWriter text = new StringWriter();
    private final PrintWriter err = new PrintWriter(text);

    @Test
    void badInputAnywhereInTheCausesIsExitTwoWithItsMessage() {
        int code = ErrorLines.report(new RuntimeException("wrapper", new InvalidInputException("x.idx: wrong magic\nsecond line")), err);
        assertThat(code).isEqualTo(2);
        assertThat(text.toString()).isEqualTo("eagerae: error: x.idx: wrong magic second line" + System.lineSeparator());
    }

    @Test
    void aBadSettingIsNamedByTheFlagOfTheCommandThatWasRun() {
        CommandSpec train = new CommandLine(new TrainCommand()).getCommandSpec();
        InvalidSettingException epochs = catchThrowableOfType(
                () -> TrainingOptions.paper(0), InvalidSettingException.class);
        assertThat(epochs).hasMessage("maxEpochs must be >= 1, got 0");
        assertThat(ErrorLines.report(new RuntimeException("wrapper", epochs), err, train)).isEqualTo(2);
        assertThat(text.toString()).isEqualTo("eagerae: error: --epochs must be >= 1, got 0" + System.lineSeparator());

        assertThat(ErrorLines.message(new InvalidSettingException("batchSize", "batchSize must be >= 1, got 0"), train))
                .isEqualTo("--batch-size must be >= 1, got 0");
        // an option of a mixin, and one of an argument group
        assertThat(ErrorLines.flag(train, "trainSize")).isEqualTo("--train-size");
        assertThat(ErrorLines.flag(new CommandLine(new ClassifyCommand()).getCommandSpec(), "budgetSeconds")).isEqualTo("--budget");
        assertThat(ErrorLines.message(new InvalidSettingException("kernel", "kernel must be odd and positive, got 4"), train))
                .isEqualTo("--kernel must be odd and positive, got 4");
        // a setting the command has no flag for keeps the library's words, as does a command that is not known
        assertThat(ErrorLines.message(new InvalidSettingException("channels", "channels must be positive, got 0"), train))
                .isEqualTo("channels must be positive, got 0");
        assertThat(ErrorLines.message(new InvalidSettingException("batchSize", "batchSize must be >= 1, got 0"), null))
                .isEqualTo("batchSize must be >= 1, got 0");
    }

    @Test
    void aFailureSaysItsCausesInOneLine() {
        Exception e = new UncheckedIOException("cannot write /r/metrics.csv", new IOException("No space left on device"));
        assertThat(ErrorLines.report(e, err)).isEqualTo(1);
        assertThat(text.toString().lines().toList()).containsExactly("eagerae: failed: cannot write /r/metrics.csv: No space left on device"
                + (System.getenv("EAGERAE_DEBUG") == null ? " (EAGERAE_DEBUG=1 prints the stack trace)" : ""));
    }

    @Test
    void aTerseExceptionKeepsItsType() {
        assertThat(ErrorLines.causes(new ArithmeticException("/ by zero"))).isEqualTo("ArithmeticException: / by zero");
        assertThat(ErrorLines.causes(new IllegalStateException(new NullPointerException())))
                .isEqualTo("IllegalStateException: java.lang.NullPointerException");
    }

    @Test
    void runningOutOfHeapSaysWhatToChange() {
        assertThat(ErrorLines.report(new OutOfMemoryError("Java heap space"), err)).isEqualTo(1);
        String line = text.toString().lines().findFirst().orElseThrow();
        assertThat(line).startsWith("eagerae: out of memory: the Java heap (Java heap space, limit ")
                .contains("EAGERAE_JAVA_OPTS=-Xmx").contains("--batch-size").contains("--members");
    }

    @Test
    void runningOutOfDirectMemoryNamesThatLimitAndItsSetting() {
        // the JVM's message when -XX:MaxDirectMemorySize is reached, as classify met it on 96x96 images
        OutOfMemoryError e = new OutOfMemoryError("Cannot reserve 1476852552 bytes of direct buffer memory (allocated: 399824, limit: 1073741824)");
        assertThat(ErrorLines.report(new RuntimeException("classify failed", e), err)).isEqualTo(1);
        String heap = org.eagerae.io.Bytes.heapSetting(Runtime.getRuntime().maxMemory());
        assertThat(text.toString().lines().toList()).containsExactly("eagerae: out of memory: direct buffer memory (1.4 GiB asked for,"
                + " 0 MiB in use, limit 1.0 GiB, set by -XX:MaxDirectMemorySize; the Java heap was not full) ran out; give more with"
                + " EAGERAE_JAVA_OPTS=\"-Xmx" + heap + " -XX:MaxDirectMemorySize=2g\" (it replaces the launcher's -Xmx), or use fewer or"
                + " smaller images (classify: --feature-pooling average)");
    }

    @Test
    void theEngineRunningOutOfNativeMemorySaysHowMuchItWanted() {
        // the message PyTorch's CPU allocator gives, as DJL passes it on
        RuntimeException e = new RuntimeException("training failed", new IllegalStateException(
                "[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: not enough memory: you tried to allocate 26843545600 bytes."));
        assertThat(ErrorLines.report(e, err)).isEqualTo(1);
        assertThat(text.toString().lines().toList()).containsExactly("eagerae: out of memory: the engine could not allocate 25.0 GiB of"
                + " native memory (outside the Java heap); use a smaller --batch-size, fewer --members or --workers, or smaller images");
    }

    @Test
    void outOfMemoryWinsOverBadInputThatItCaused() {
        InvalidInputException misread = new InvalidInputException("a.png: cannot decode image", new IOException("read", new OutOfMemoryError("Java heap space")));
        assertThat(ErrorLines.report(misread, err)).isEqualTo(1);
        assertThat(text.toString()).startsWith("eagerae: out of memory: the Java heap");
    }

    @Test
    void failedMembersAreOneLineNamingEachWithItsCause() {
        RunSpec spec = TinyRuns.spec(TinyRuns.idx(Path.of("data"), 100, 50), 2, 2, false);
        List<MemberJob> jobs = spec.jobs();
        String bogus = "worker process died (exit code 1) before its first batch: Unrecognized option: -Xbogus (its log: r/logs/worker-0.log)";
        String native_ = MemberRunner.describe(new IllegalStateException("step", new RuntimeException(
                "DefaultCPUAllocator: not enough memory: you tried to allocate 26843545600 bytes.")));
        RunManifest killedAndOutOfMemory = manifest(spec, MemberStatus.failed(jobs.get(0), 0, bogus), MemberStatus.failed(jobs.get(1), 2, native_));
        // as the experiment throws it, under whatever wraps it
        assertThat(ErrorLines.report(new RuntimeException(new MembersFailedException("ensemble run of repeat 1 (exp/repeat-1/ensemble)",
                killedAndOutOfMemory)), err)).isEqualTo(1);
        assertThat(text.toString().lines().toList()).containsExactly("eagerae: failed: ensemble run of repeat 1 (exp/repeat-1/ensemble): 2 of 2"
                + " members failed: m00: " + bogus + "; m01: " + native_);

        text.getBuffer().setLength(0);
        String heap = MemberRunner.outOfHeap(jobs.get(1), "EAGERAE_WORKER_JAVA_OPTS=-Xmx6g");
        RunManifest outOfHeap = manifest(spec, MemberStatus.pending(jobs.get(0)), MemberStatus.failed(jobs.get(1), 0, heap));
        assertThat(ErrorLines.report(new MembersFailedException("run r", outOfHeap), err)).isEqualTo(1);
        assertThat(text.toString().lines().toList()).containsExactly("eagerae: out of memory: run r: 1 of 2 members failed: m01: " + heap);
    }

    private static RunManifest manifest(RunSpec spec, MemberStatus... members) {
        return new RunManifest(spec, List.of(members), Map.of(), List.of(), "2025-01-01T00:00:00Z", null, 0);
    }
}

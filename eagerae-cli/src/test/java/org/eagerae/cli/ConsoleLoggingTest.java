package org.eagerae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleLoggingTest {

    @Test
    void eageraesWarningsSpeakInTheCliVoiceTheEnginesOnlyWhenErrorsOthersFromWarnings() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        LoggerContext context = new LoggerContext();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            context.setMDCAdapter(new LogbackMDCAdapter()); // what Logback's own start-up gives its context
            context.start();
            ConsoleLogging.configureConsole(context);
            context.getLogger("org.eagerae.data.PackagedDataset").warn("{} kept aside", "t10k.bad");
            context.getLogger("org.eagerae.data.PackagedDataset").info("not for the user");
            context.getLogger("ai.djl.pytorch.engine.PtEngine").warn("an engine warning");
            context.getLogger("ai.djl.pytorch.engine.PtEngine").error("an engine error");
            context.getLogger("org.apache.spark.Other").warn("another library's warning");
            context.getLogger("org.apache.spark.Other").info("another library's news");
        } finally {
            context.stop();
            System.setErr(stderr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).lines()).containsExactly("eagerae: warning: t10k.bad kept aside",
                "ERROR a.d.p.e.PtEngine - an engine error", "WARN o.apache.spark.Other - another library's warning");
    }

    @Test
    void aLogbackTestFileOnTheClassPathIsLeftToLogbacksOwnReader() {
        assertThat(ConsoleLogging.class.getClassLoader().getResource("logback-test.xml")).isNotNull();
        assertThat(new ConsoleLogging().configure(new LoggerContext())).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }
}

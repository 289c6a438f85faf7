package org.eagerae.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.junit.jupiter.api.Test;

/** Workers' logging: warnings and errors, one line each, nothing below. */
class WorkerLogTest {

    @Test
    void warningsAndErrorsAreLinesAndNothingBelowIsWritten() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Logger log = new WorkerLog.Factory(new PrintStream(bytes, true, StandardCharsets.UTF_8)).getLogger("ai.djl.Engine");
        log.debug("not shown {}", 1);
        log.info("not shown either");
        log.warn("replaced {} by {}", "a.bin", "b.bin");
        log.error("failed", new IllegalStateException("cause"));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().findFirst()).hasValue("WARN ai.djl.Engine - replaced a.bin by b.bin");
        assertThat(text).contains("ERROR ai.djl.Engine - failed").contains("IllegalStateException: cause").doesNotContain("not shown");
        assertThat(log.isInfoEnabled()).isFalse();
        assertThat(log.isWarnEnabled()).isTrue();
    }

    @Test
    void itIsAProviderSlf4jCanLoadByName() throws Exception {
        Object provider = Class.forName(WorkerLog.class.getName()).getConstructor().newInstance();
        assertThat(provider).isInstanceOf(org.slf4j.spi.SLF4JServiceProvider.class);
        WorkerLog log = (WorkerLog) provider;
        log.initialize();
        assertThat(log.getLoggerFactory().getLogger("x")).isSameAs(log.getLoggerFactory().getLogger("x"));
        assertThat(log.getRequestedApiVersion()).startsWith("2.0");
    }
}

package io.vaultfleet.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

class LogSetupTest {
    @Test
    void logbackFindsItAndItLogsToStandardErrorAtInfo() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .as("META-INF/services names it, so logback uses it instead of looking for an XML file")
                .contains(LogSetup.class);
        LoggerContext context = new LoggerContext();
        try {
            LogSetup setup = new LogSetup();
            setup.setContext(context);
            assertThat(setup.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            var stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
            assertThat(stderr.getTarget()).isEqualTo("System.err");
            assertThat(stderr.isStarted()).isTrue();
            Logger packer = context.getLogger("io.vaultfleet.agent.backup.Packer");
            assertThat(packer.isInfoEnabled()).isTrue();
            assertThat(packer.isDebugEnabled()).isFalse();
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), packer, Level.WARN, "pack {} uploaded",
                    null, new Object[] {"p1"});
            String line = new String(stderr.getEncoder().encode(event), StandardCharsets.UTF_8);
            assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN  \\[.+\\] "
                    + "i\\.v\\.agent\\.backup\\.Packer - pack p1 uploaded\\R");
        } finally {
            context.stop();
        }
    }

    @Test
    void theLevelIsReadAsLogbackReadsIt() {
        assertThat(LogSetup.level(null)).isEqualTo(Level.INFO);
        assertThat(LogSetup.level(" debug ")).isEqualTo(Level.DEBUG);
        assertThat(LogSetup.level("WARN")).isEqualTo(Level.WARN);
        assertThat(LogSetup.level("loud")).as("not a level").isEqualTo(Level.INFO);
    }

    @Test
    void aConfigurationFileNamedOnTheCommandLineIsLeftToLogback() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/etc/vaultfleet/logback.xml");
        LoggerContext context = new LoggerContext();
        try {
            LogSetup setup = new LogSetup();
            setup.setContext(context);
            assertThat(setup.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            context.stop();
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }
}

package io.vaultfleet.console.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * The console's log output as {@code logback-spring.xml} configures it (read here into a context of its own: on the
 * test classpath the agent's logging set-up, {@code LogSetup}, would win): a caller's newline in any logged value forges no line.
 */
class OneLineMessageTest {
    @Test
    void aNewlineInAnyLoggedValueStaysOnTheLine() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback-spring.xml"));
        try {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            var console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("CONSOLE");
            assertThat(console).as("the CONSOLE appender of logback-spring.xml").isNotNull();

            Logger someone = context.getLogger("io.vaultfleet.console.fleet.FleetService");
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), someone, Level.WARN,
                    "agent for server {} disconnected: {}", null, new Object[] {
                            "srv-1\r\n2026-12-07T01:00:00Z  INFO 1 --- [main] audit : admin vault.delete", "bye\u0000"});
            String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);

            assertThat(line.strip()).doesNotContain("\n").doesNotContain("\r")
                    .contains("agent for server srv-1\\r\\n2026-12-07T01:00:00Z  INFO")
                    .endsWith("disconnected: bye\\u0000");
        } finally {
            context.stop();
        }
    }
}

package io.vaultfleet.console.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * {@code logback-spring.xml} as Spring Boot itself loads it at startup (named explicitly: on the test classpath the
 * agent's logback.xml would be found first), with Boot's patterns and the one-line message converter.
 */
@SpringBootTest(classes = OneLineLoggingStartupTest.Nothing.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "logging.config=classpath:logback-spring.xml")
class OneLineLoggingStartupTest {
    @Configuration(proxyBeanMethods = false)
    static class Nothing {
    }

    @Test
    void bootLoadsTheConfigurationAndItsMessagesAreOneLine() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("CONSOLE");
        assertThat(console).isNotNull();
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("audit"), Level.INFO,
                "{} server.register {}", null, new Object[] {"agent@10.0.0.1", "host:a\nforged INFO line"});
        String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
        assertThat(line.strip()).doesNotContain("\n").contains("host:a\\nforged INFO line").contains("audit");
    }
}

package io.vaultfleet.agent.host;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The agent's logging, set up in code rather than read from a {@code logback.xml}: every agent process (the service
 * and each backup or restore process it starts, every typed command) logs to standard error — standard output
 * carries JSON lines — at the level {@code AGENT_LOG_LEVEL} names (a system property or environment variable; INFO by default). An XML file made each process
 * load the JDK's XML parser and logback's configuration model, ~400 classes, for these few lines (decision 038).
 * Found by logback through {@code META-INF/services}; {@code -Dlogback.configurationFile=...} still wins (this then
 * leaves the set-up to logback's own configurators).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        // a system property first, then the environment: where logback.xml's ${AGENT_LOG_LEVEL:-INFO} looked
        root.setLevel(level(System.getProperty("AGENT_LOG_LEVEL", System.getenv("AGENT_LOG_LEVEL"))));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The root level {@code AGENT_LOG_LEVEL} names; INFO when unset or not a level (logback's own reading of it). */
    static Level level(String name) {
        return Level.toLevel(name == null ? null : name.trim(), Level.INFO);
    }
}

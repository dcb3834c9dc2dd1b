package io.vaultfleet.console.platform;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log message as one line: the {@code %m}/{@code %msg}/{@code %message} of every pattern (see
 * {@code logback-spring.xml}) with control characters escaped by {@link LogSafe}. Log lines often carry what a
 * caller sent (host names, user names, paths, an agent's error text); escaping them here, for every logger, means a
 * newline in any of them cannot forge a log line, wherever it is logged. Stack traces are not part of the message and
 * keep their lines.
 */
public class OneLineMessage extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogSafe.of(event.getFormattedMessage());
    }
}

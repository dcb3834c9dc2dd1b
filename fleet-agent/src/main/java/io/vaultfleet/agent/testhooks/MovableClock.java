package io.vaultfleet.agent.testhooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.slf4j.LoggerFactory;

/**
 * <b>Test only.</b> The system clock plus an offset read from a file, so end-to-end tests move an agent process's
 * schedule time forward instead of waiting for it. Used only when the JVM is started with
 * {@code -Dvaultfleet.test.clock-offset-file=PATH}; the file holds an ISO-8601 duration such as {@code PT2H30M}
 * (missing or unreadable: no offset). Production agents never set the property and run on the system clock.
 * The file is read at most every 200 ms.
 */
public final class MovableClock extends Clock {
    public static final String PROPERTY = "vaultfleet.test.clock-offset-file";

    private final Path offsetFile;
    private volatile Duration offset = Duration.ZERO;
    private volatile long readAt;
    private volatile boolean read;

    MovableClock(Path offsetFile) {
        this.offsetFile = offsetFile;
    }

    /** The schedule clock: the system clock, or a movable one when the test-only property is set. */
    public static Clock forSchedules() {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return Clock.systemUTC();
        }
        LoggerFactory.getLogger(MovableClock.class)
                .warn("TEST ONLY: the schedule clock is moved by the offset in {}", file);
        return new MovableClock(Path.of(file));
    }

    @Override
    public Instant instant() {
        long now = System.nanoTime();
        if (!read || now - readAt > 200_000_000L) {
            readAt = now;
            read = true;
            try {
                offset = Duration.parse(Files.readString(offsetFile).strip());
            } catch (IOException | RuntimeException e) {
                offset = Duration.ZERO;
            }
        }
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

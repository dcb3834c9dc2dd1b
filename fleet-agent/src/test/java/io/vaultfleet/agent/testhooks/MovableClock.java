package io.vaultfleet.agent.testhooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import io.vaultfleet.agent.schedule.ScheduleClocks;

/**
 * <b>Test only</b> (test code, not in the agent's jar). The system clock plus an offset read from a file, so
 * end-to-end tests move an agent process's schedule time forward instead of waiting for it. Offered as the schedule
 * clock ({@link ScheduleClocks.Provider}) when this jar is on the agent's class path and the JVM is started with
 * {@code -Dvaultfleet.test.clock-offset-file=PATH}; the file holds an ISO-8601 duration such as {@code PT2H30M}
 * (missing or unreadable: no offset). The file is read at most every 200 ms.
 */
public final class MovableClock extends Clock {
    public static final String PROPERTY = "vaultfleet.test.clock-offset-file";

    /** What {@link ScheduleClocks} finds through {@code META-INF/services}: a movable clock when the property is set. */
    public static final class Provider implements ScheduleClocks.Provider {
        @Override
        public Optional<Clock> scheduleClock() {
            String file = System.getProperty(PROPERTY);
            return file == null || file.isBlank() ? Optional.empty() : Optional.of(new MovableClock(Path.of(file)));
        }
    }

    /**
     * The {@code Premain-Class} of the testhooks jar: started with {@code -javaagent:...-testhooks.jar}, the JVM puts
     * this jar on the class path of an agent run with {@code -jar} (which ignores {@code -cp}). Nothing to do here.
     */
    public static void premain(String arguments) {
    }

    private final Path offsetFile;
    private volatile Duration offset = Duration.ZERO;
    private volatile long readAt;
    private volatile boolean read;

    MovableClock(Path offsetFile) {
        this.offsetFile = offsetFile;
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

    @Override
    public String toString() {
        return "MovableClock[" + offsetFile + "]";
    }
}

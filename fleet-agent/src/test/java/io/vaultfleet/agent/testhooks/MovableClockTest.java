package io.vaultfleet.agent.testhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.schedule.ScheduleClocks;

class MovableClockTest {
    @TempDir
    Path home;

    @Test
    void theMovableClockReadsItsOffsetFile() throws Exception {
        Path offset = home.resolve("offset");
        Files.writeString(offset, "PT48H");
        Instant moved = new MovableClock(offset).instant();
        assertThat(Duration.between(Instant.now(), moved)).isBetween(Duration.ofHours(47), Duration.ofHours(49));
        Files.writeString(offset, "garbage");
        assertThat(Duration.between(Instant.now(), new MovableClock(offset).instant()).abs())
                .isLessThan(Duration.ofHours(1));
    }

    @Test
    void theScheduleTakesItThroughItsProviderOnlyWhenThePropertyIsSet() throws Exception {
        assertThat(System.getProperty(MovableClock.PROPERTY)).as("set by no other test").isNull();
        assertThat(ScheduleClocks.forSchedules()).isEqualTo(Clock.systemUTC());
        Path offset = home.resolve("offset");
        Files.writeString(offset, "PT2H");
        System.setProperty(MovableClock.PROPERTY, offset.toString());
        try {
            Clock clock = ScheduleClocks.forSchedules();
            assertThat(clock).isInstanceOf(MovableClock.class);
            assertThat(Duration.between(Instant.now(), clock.instant())).isBetween(Duration.ofMinutes(119),
                    Duration.ofMinutes(121));
        } finally {
            System.clearProperty(MovableClock.PROPERTY);
        }
    }
}

package io.vaultfleet.protocol.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BackupScheduleTest {
    @Test
    void dailyRunsAtEachTimeInTheZoneInOrder() {
        BackupSchedule s = BackupSchedule.daily("Europe/Paris", "21:30", "06:00");
        assertThat(s.times()).containsExactly("06:00", "21:30");
        // 2026-11-25 is a Wednesday; Paris is UTC+1 in November
        assertThat(s.nextAfter(Instant.parse("2026-11-25T04:00:00Z"))).isEqualTo(Instant.parse("2026-11-25T05:00:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-11-25T05:00:00Z"))).isEqualTo(Instant.parse("2026-11-25T20:30:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-11-25T20:30:00Z"))).isEqualTo(Instant.parse("2026-11-26T05:00:00Z"));
    }

    @Test
    void weeklyRunsOnlyOnChosenDays() {
        BackupSchedule s = BackupSchedule.weekly("UTC", Set.of(DayOfWeek.SATURDAY, DayOfWeek.MONDAY), "02:00");
        assertThat(s.days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.SATURDAY);
        assertThat(s.between(Instant.parse("2026-11-25T00:00:00Z"), Instant.parse("2026-12-03T00:00:00Z")))
                .containsExactly(Instant.parse("2026-11-28T02:00:00Z"), Instant.parse("2026-11-30T02:00:00Z"));
    }

    @Test
    void latestBetweenCoalescesMissedRuns() {
        BackupSchedule s = BackupSchedule.daily("UTC", "01:00", "13:00");
        assertThat(s.latestBetween(Instant.parse("2026-11-25T00:00:00Z"), Instant.parse("2026-11-26T12:00:00Z")))
                .hasValue(Instant.parse("2026-11-26T01:00:00Z"));
        assertThat(s.latestBetween(Instant.parse("2026-11-25T02:00:00Z"), Instant.parse("2026-11-25T12:59:59Z")))
                .isEmpty();
    }

    @Test
    void rejectsWhatTheMarsWizardDoesNotOffer() {
        assertThatThrownBy(() -> BackupSchedule.daily("UTC", "01:00", "02:00", "03:00", "04:00"))
                .hasMessageContaining("at most 3 backup times");
        assertThatThrownBy(() -> BackupSchedule.daily("UTC", "01:15")).hasMessageContaining("hour or half hour");
        assertThatThrownBy(() -> BackupSchedule.daily("UTC", "25:00")).hasMessageContaining("not a time of day");
        assertThatThrownBy(() -> BackupSchedule.daily("UTC", "01:00", "01:00")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> BackupSchedule.daily("UTC")).hasMessageContaining("at least one backup time");
        assertThatThrownBy(() -> BackupSchedule.weekly("UTC", Set.of(), "01:00")).hasMessageContaining("at least one day");
        assertThatThrownBy(() -> BackupSchedule.daily("Mars/Olympus", "01:00")).hasMessageContaining("not a known time zone");
    }

    @Test
    void throttleLimitsAndWindows() {
        NetworkThrottle t = new NetworkThrottle(512, NetworkThrottle.MAX_KBPS,
                List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
                "09:00", "18:00", 2);
        assertThat(t.bytesPerSecondAt(Instant.parse("2026-11-25T10:00:00Z"), java.time.ZoneOffset.UTC)).isEqualTo(64_000);
        assertThat(t.bytesPerSecondAt(Instant.parse("2026-11-25T18:00:00Z"), java.time.ZoneOffset.UTC))
                .isEqualTo(NetworkThrottle.MAX_KBPS * 1000 / 8);
        assertThat(t.bytesPerSecondAt(Instant.parse("2026-11-28T10:00:00Z"), java.time.ZoneOffset.UTC))
                .as("Saturday is not a work day").isEqualTo(NetworkThrottle.MAX_KBPS * 1000 / 8);
        assertThatThrownBy(() -> new NetworkThrottle(511, 1024, List.of(DayOfWeek.MONDAY), "09:00", "18:00", 1))
                .hasMessageContaining("work hours bandwidth must be 512 Kbps to 1,023 Mbps");
        assertThatThrownBy(() -> new NetworkThrottle(1024, NetworkThrottle.MAX_KBPS + 1, List.of(DayOfWeek.MONDAY),
                "09:00", "18:00", 1)).hasMessageContaining("non-work hours bandwidth");
        assertThatThrownBy(() -> new NetworkThrottle(1024, 1024, List.of(DayOfWeek.MONDAY), "18:00", "09:00", 1))
                .hasMessageContaining("end after they start");
        assertThatThrownBy(() -> new NetworkThrottle(1024, 1024, List.of(DayOfWeek.MONDAY), "09:00", "18:00", 0))
                .hasMessageContaining("concurrent uploads must be 1–16");
    }

    @Test
    void policyHashIsStableAndSeesEveryChange() {
        AgentPolicy a = new AgentPolicy("p1", "Nightly", List.of("FILES_AND_FOLDERS", "SYSTEM_STATE"), List.of("/data"),
                List.of("*.tmp"), BackupSchedule.daily("UTC", "21:00"), null);
        AgentPolicy reordered = new AgentPolicy("p1", "Nightly", List.of("SYSTEM_STATE", "FILES_AND_FOLDERS"),
                List.of(" /data "), List.of("*.tmp"), BackupSchedule.daily("UTC", "21:00"), null);
        assertThat(a.hash()).matches("[0-9a-f]{64}").isEqualTo(reordered.hash());
        AgentPolicy later = new AgentPolicy("p1", "Nightly", a.items(), a.include(), a.exclude(),
                BackupSchedule.daily("UTC", "21:30"), null);
        assertThat(later.hash()).isNotEqualTo(a.hash());
        assertThatThrownBy(() -> new AgentPolicy("p1", "x", List.of("FILES_AND_FOLDERS"), List.of(), List.of(),
                BackupSchedule.daily("UTC", "21:00"), null)).hasMessageContaining("at least one folder or file");
        assertThatThrownBy(() -> new AgentPolicy("p1", "x", List.of(), List.of(), List.of(),
                BackupSchedule.daily("UTC", "21:00"), null)).hasMessageContaining("at least one item");
    }
}

package io.vaultfleet.console.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.policy.GfsRetention.PointInfo;
import io.vaultfleet.protocol.policy.BackupSchedule;

/** GFS retention over a simulated year of nightly backups at 22:00 UTC, 2026-01-01 to 2026-12-31. */
class GfsRetentionTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Instant NEW_YEARS_EVE = Instant.parse("2026-12-31T23:00:00Z");
    private static final RetentionRules GFS = RetentionRules.daily(7).withWeekly(4, DayOfWeek.SUNDAY)
            .withMonthly(3, 1).withYearly(1, Month.JANUARY, 1);

    /** Point ids are the backup's date, e.g. "2026-03-01". */
    private static List<PointInfo<String>> nightly(LocalDate from, LocalDate to, Set<String> failed) {
        List<PointInfo<String>> points = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            if (!failed.contains(day.toString())) {
                points.add(PointInfo.scheduled(day.toString(), day.atTime(22, 0).toInstant(ZoneOffset.UTC)));
            }
        }
        return points;
    }

    private static List<PointInfo<String>> year(String... failed) {
        return nightly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), Set.of(failed));
    }

    @Test
    void aYearOfNightlyBackupsKeepsExactlyTheGfsPoints() {
        Set<String> kept = GfsRetention.keep(year(), GFS, NEW_YEARS_EVE, UTC);
        assertThat(kept).containsExactlyInAnyOrder(
                // daily: the last 7 days
                "2026-12-25", "2026-12-26", "2026-12-27", "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31",
                // weekly: the last 4 Sundays (Dec 27 is also daily)
                "2026-12-20", "2026-12-13", "2026-12-06",
                // monthly: the 1st of the last 3 months
                "2026-12-01", "2026-11-01", "2026-10-01",
                // yearly: January 1st
                "2026-01-01");
    }

    @Test
    void aFailedAnchorBackupIsReplacedByTheNextSuccessfulOneOfItsPeriod() {
        Set<String> kept = GfsRetention.keep(year("2026-12-13", "2026-11-01", "2026-11-02", "2026-01-01"), GFS,
                NEW_YEARS_EVE, UTC);
        assertThat(kept).contains("2026-12-14", "2026-11-03", "2026-01-02")
                .doesNotContain("2026-12-15", "2026-11-04", "2026-01-03");
        assertThat(kept).hasSize(14);
    }

    @Test
    void theNewestPointSurvivesARunOfFailures() {
        List<PointInfo<String>> points = nightly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 10), Set.of());
        Set<String> kept = GfsRetention.keep(points, RetentionRules.daily(7), NEW_YEARS_EVE, UTC);
        assertThat(kept).containsExactly("2026-12-10");
    }

    @Test
    void onDemandPointsAreKeptUntilTheirRetainUntilAndCountForNoTier() {
        List<PointInfo<String>> points = new ArrayList<>(year("2026-12-06"));
        points.add(PointInfo.onDemand("now-kept", Instant.parse("2026-12-06T10:00:00Z"),
                Instant.parse("2027-01-15T00:00:00Z")));
        points.add(PointInfo.onDemand("expired", Instant.parse("2026-11-05T10:00:00Z"),
                Instant.parse("2026-12-05T00:00:00Z")));
        points.add(PointInfo.onDemand("no-date", Instant.parse("2026-06-05T10:00:00Z"), null));
        Set<String> kept = GfsRetention.keep(points, GFS, NEW_YEARS_EVE, UTC);
        assertThat(kept).contains("now-kept", "no-date", "2026-12-07").doesNotContain("expired");
    }

    @Test
    void dailyOnlyRetentionKeepsEveryBackupOfTheLastDays() {
        List<PointInfo<String>> points = new ArrayList<>();
        for (int day = 1; day <= 31; day++) {
            for (int hour : new int[] {6, 12, 18}) {
                Instant at = LocalDate.of(2026, 12, day).atTime(hour, 0).toInstant(ZoneOffset.UTC);
                points.add(PointInfo.scheduled(day + "@" + hour, at));
            }
        }
        Set<String> kept = GfsRetention.keep(points, RetentionRules.daily(7), NEW_YEARS_EVE, UTC);
        assertThat(kept.stream().map(id -> id.substring(0, id.indexOf('@'))).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("25", "26", "27", "28", "29", "30", "31");
        assertThat(kept).hasSize(21);
    }

    @Test
    void weeklyPointsFollowTheScheduleTimeZone() {
        // 12:30 in Auckland (UTC+13 in December) is 23:30 UTC the day before
        ZoneId auckland = ZoneId.of("Pacific/Auckland");
        List<PointInfo<String>> points = List.of(
                PointInfo.scheduled("sun", LocalDate.of(2026, 12, 27).atTime(12, 30).atZone(auckland).toInstant()),
                PointInfo.scheduled("mon", LocalDate.of(2026, 12, 28).atTime(12, 30).atZone(auckland).toInstant()),
                PointInfo.scheduled("tue", LocalDate.of(2026, 12, 29).atTime(12, 30).atZone(auckland).toInstant()));
        RetentionRules weekly = new RetentionRules(0, 4, DayOfWeek.SUNDAY, 0, 1, 0, Month.JANUARY, 1);
        Instant now = LocalDate.of(2026, 12, 29).atTime(18, 0).atZone(auckland).toInstant();
        assertThat(GfsRetention.keep(points, weekly, now, auckland)).as("Sunday in Auckland, and the newest")
                .containsExactlyInAnyOrder("sun", "tue");
        assertThat(GfsRetention.keep(points, weekly, now, UTC)).as("in UTC the Sunday backup is Monday's")
                .containsExactlyInAnyOrder("sun", "mon", "tue");
    }

    @Test
    void previewCountsPointsAsTheyAccumulate() {
        var rows = GfsRetention.preview(BackupSchedule.daily("UTC", "22:00"), GFS, Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(rows).extracting(GfsRetention.PreviewRow::after)
                .containsExactly("1 week", "1 month", "1 year", "5 years", "10 years");
        // 1 month: 7 daily + Sundays Jan 18, 11, 4 + January 1st; from 1 year on: 7 + 3 weekly + 3 monthly + 1 yearly
        assertThat(rows).extracting(GfsRetention.PreviewRow::points).containsExactly(7L, 11L, 14L, 14L, 14L);
    }

    @Test
    void longRetentionPreviewGrowsWithTheYears() {
        RetentionRules longTerm = RetentionRules.daily(30).withMonthly(60, 1).withYearly(10, Month.JANUARY, 1);
        var rows = GfsRetention.preview(BackupSchedule.daily("UTC", "22:00"), longTerm, Instant.parse("2026-01-01T00:00:00Z"));
        // after 5 years: 30 daily + 60 monthly (one of them the yearly Jan 1st points) -> 90
        assertThat(rows.get(3).points()).isEqualTo(90);
        // after 10 years: 30 daily + 60 monthly + the Jan 1st points of the 5 years beyond the monthly ones
        assertThat(rows.get(4).points()).isEqualTo(95);
    }

    @Test
    void rulesOutsideMarsLimitsAreRefusedWithTheLimitInTheMessage() {
        assertThatThrownBy(() -> RetentionRules.daily(6)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Daily retention must be 7–9,999 days");
        assertThatThrownBy(() -> RetentionRules.daily(10_000)).hasMessageContaining("not 10,000");
        assertThatThrownBy(() -> RetentionRules.daily(7).withWeekly(3, DayOfWeek.SUNDAY))
                .hasMessageContaining("Weekly retention must be 4–5,163 weeks");
        assertThatThrownBy(() -> RetentionRules.daily(7).withWeekly(5_164, DayOfWeek.SUNDAY))
                .hasMessageContaining("5,163");
        assertThatThrownBy(() -> RetentionRules.daily(7).withMonthly(2, 1))
                .hasMessageContaining("Monthly retention must be 3–1,188 months");
        assertThatThrownBy(() -> RetentionRules.daily(7).withMonthly(1_189, 1)).hasMessageContaining("1,188");
        assertThatThrownBy(() -> RetentionRules.daily(7).withYearly(100, Month.MARCH, 1))
                .hasMessageContaining("Yearly retention must be 1–99 years");
        assertThatThrownBy(() -> RetentionRules.daily(7).withMonthly(3, 31)).hasMessageContaining("1–28");
        assertThatThrownBy(() -> new RetentionRules(0, 0, null, 0, 1, 0, null, 1))
                .hasMessageContaining("at least one kind");
        InvalidInputException e = (InvalidInputException) org.assertj.core.api.Assertions.catchThrowable(
                () -> RetentionRules.daily(1).withWeekly(1, DayOfWeek.MONDAY));
        assertThat(e.problem("dailyDays")).contains("7–9,999");
    }
}

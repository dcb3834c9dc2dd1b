package io.vaultfleet.console.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import io.vaultfleet.protocol.policy.BackupSchedule;

/**
 * Which recovery points GFS retention keeps. Pure: no clock, no database, so the clean-up, the wizard's preview and
 * tests call it alike. Rules:
 * <ul>
 * <li>daily: every scheduled point younger than {@code dailyDays} days;</li>
 * <li>weekly, monthly, yearly: per period (week from {@code weeklyOn}, month from day {@code monthlyOnDay}, year
 * from {@code yearlyOnDay yearlyIn}), the first scheduled point at or after the period's start and before the next
 * period's start, so a failed backup on the anchor day is taken by the next successful one; each is kept for N
 * weeks, months or years after it was taken;</li>
 * <li>on-demand points count for no tier: each is kept until its {@code retainUntil} (none: kept until removed by
 * hand);</li>
 * <li>the newest point of the server is always kept, so a run of failed backups never leaves it with nothing.</li>
 * </ul>
 * Recovery points exist only for backups that succeeded; a failed backup simply has no point here.
 */
public final class GfsRetention {
    /** One recovery point as retention sees it. {@code retainUntil} is used for on-demand points only. */
    public record PointInfo<ID>(ID id, Instant createdAt, boolean scheduled, Instant retainUntil) {
        public static <ID> PointInfo<ID> scheduled(ID id, Instant at) {
            return new PointInfo<>(id, at, true, null);
        }

        public static <ID> PointInfo<ID> onDemand(ID id, Instant at, Instant retainUntil) {
            return new PointInfo<>(id, at, false, retainUntil);
        }
    }

    private GfsRetention() {
    }

    public static <ID> Set<ID> keep(List<PointInfo<ID>> points, RetentionRules rules, Instant now, ZoneId zone) {
        Set<ID> keep = new HashSet<>();
        if (points.isEmpty()) {
            return keep;
        }
        List<PointInfo<ID>> scheduled = points.stream().filter(PointInfo::scheduled)
                .sorted(Comparator.comparing(PointInfo::createdAt)).toList();
        ZonedDateTime local = now.atZone(zone);
        if (rules.dailyDays() > 0) {
            Instant from = local.minusDays(rules.dailyDays()).toInstant();
            for (PointInfo<ID> p : scheduled) {
                if (p.createdAt().isAfter(from) && !p.createdAt().isAfter(now)) {
                    keep.add(p.id());
                }
            }
        }
        if (rules.weeklyWeeks() > 0) {
            ZonedDateTime start = local.toLocalDate().with(TemporalAdjusters.previousOrSame(rules.weeklyOn()))
                    .atStartOfDay(zone);
            keepPerPeriod(scheduled, keep, start, rules.weeklyWeeks(), ChronoUnit.WEEKS, z -> z.minusWeeks(1),
                    z -> z.plusWeeks(1), now, zone);
        }
        if (rules.monthlyMonths() > 0) {
            LocalDate day = local.toLocalDate().withDayOfMonth(rules.monthlyOnDay());
            if (day.isAfter(local.toLocalDate())) {
                day = day.minusMonths(1);
            }
            keepPerPeriod(scheduled, keep, day.atStartOfDay(zone), rules.monthlyMonths(), ChronoUnit.MONTHS,
                    z -> z.minusMonths(1), z -> z.plusMonths(1), now, zone);
        }
        if (rules.yearlyYears() > 0) {
            LocalDate day = LocalDate.of(local.getYear(), rules.yearlyIn(), rules.yearlyOnDay());
            if (day.isAfter(local.toLocalDate())) {
                day = day.minusYears(1);
            }
            keepPerPeriod(scheduled, keep, day.atStartOfDay(zone), rules.yearlyYears(), ChronoUnit.YEARS,
                    z -> z.minusYears(1), z -> z.plusYears(1), now, zone);
        }
        for (PointInfo<ID> p : points) {
            if (!p.scheduled() && (p.retainUntil() == null || p.retainUntil().isAfter(now))) {
                keep.add(p.id());
            }
        }
        points.stream().max(Comparator.comparing(PointInfo::createdAt)).ifPresent(newest -> keep.add(newest.id()));
        return keep;
    }

    /**
     * Walks the periods back from the one that began at {@code latestStart}; the first point of each is kept while it
     * is younger than {@code count} {@code unit}s.
     */
    private static <ID> void keepPerPeriod(List<PointInfo<ID>> sorted, Set<ID> keep, ZonedDateTime latestStart,
                                           int count, ChronoUnit unit,
                                           UnaryOperator<ZonedDateTime> previous,
                                           UnaryOperator<ZonedDateTime> next, Instant now,
                                           ZoneId zone) {
        ZonedDateTime oldestKept = now.atZone(zone).minus(count, unit);
        for (ZonedDateTime start = latestStart; ; start = previous.apply(start)) {
            ZonedDateTime end = next.apply(start);
            if (!end.isAfter(oldestKept)) {
                break; // every point of this period and earlier ones is older than the tier keeps
            }
            int index = firstAtOrAfter(sorted, start.toInstant());
            if (index < sorted.size()) {
                PointInfo<ID> first = sorted.get(index);
                if (first.createdAt().isBefore(end.toInstant()) && !first.createdAt().isAfter(now)
                        && first.createdAt().atZone(zone).plus(count, unit).isAfter(now.atZone(zone))) {
                    keep.add(first.id());
                }
            }
            if (sorted.isEmpty() || !sorted.get(0).createdAt().isBefore(start.toInstant())) {
                break; // no point is older than this period, so earlier periods hold none
            }
        }
    }

    private static <ID> int firstAtOrAfter(List<PointInfo<ID>> sorted, Instant at) {
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted.get(mid).createdAt().isBefore(at)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** How many points the policy keeps at given ages of the schedule: the wizard's preview. */
    public record PreviewRow(String after, long points) {
    }

    /**
     * Simulates the schedule from {@code start}, every backup succeeding, and counts what {@link #keep} leaves after
     * 1 week, 1 month, 1 year, 5 years and 10 years.
     */
    public static List<PreviewRow> preview(BackupSchedule schedule, RetentionRules rules,
                                           Instant start) {
        ZoneId zone = schedule.zone();
        ZonedDateTime origin = start.atZone(zone);
        record Horizon(String label, ZonedDateTime at) {
        }
        List<Horizon> horizons = List.of(new Horizon("1 week", origin.plusWeeks(1)),
                new Horizon("1 month", origin.plusMonths(1)), new Horizon("1 year", origin.plusYears(1)),
                new Horizon("5 years", origin.plusYears(5)), new Horizon("10 years", origin.plusYears(10)));
        List<Instant> times = schedule.between(start, horizons.getLast().at().toInstant());
        List<PointInfo<Integer>> points = new ArrayList<>(times.size());
        List<PreviewRow> rows = new ArrayList<>();
        int next = 0;
        for (Horizon horizon : horizons) {
            Instant at = horizon.at().toInstant();
            while (next < times.size() && !times.get(next).isAfter(at)) {
                points.add(PointInfo.scheduled(next, times.get(next)));
                next++;
            }
            rows.add(new PreviewRow(horizon.label(), keep(points, rules, at, zone).size()));
        }
        return rows;
    }
}

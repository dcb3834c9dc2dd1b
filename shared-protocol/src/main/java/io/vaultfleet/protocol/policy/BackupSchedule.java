package io.vaultfleet.protocol.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When backups run, within MARS's limits: {@link Frequency#DAILY} at one to three times a day, or
 * {@link Frequency#WEEKLY} on one or more days at one to three times. Times are on the hour or half hour, as the
 * MARS wizard offers them, in the schedule's time zone.
 *
 * @param frequency daily or weekly
 * @param times     1–3 distinct times of day, {@code HH:mm}, minutes 00 or 30
 * @param days      the weekdays of a weekly schedule (ignored, and stored empty, for daily)
 * @param timeZone  an IANA zone id, e.g. {@code Europe/Paris}
 */
public record BackupSchedule(Frequency frequency, List<String> times, List<DayOfWeek> days, String timeZone) {
    public static final int MAX_TIMES = 3;

    public enum Frequency { DAILY, WEEKLY }

    public BackupSchedule {
        if (frequency == null) {
            throw new IllegalArgumentException("frequency is required (DAILY or WEEKLY)");
        }
        if (times == null || times.isEmpty()) {
            throw new IllegalArgumentException("at least one backup time is required");
        }
        if (times.size() > MAX_TIMES) {
            throw new IllegalArgumentException("at most " + MAX_TIMES + " backup times a day, not " + times.size());
        }
        TreeSet<LocalTime> sorted = new TreeSet<>();
        for (String time : times) {
            LocalTime parsed = parseTime(time);
            if (!sorted.add(parsed)) {
                throw new IllegalArgumentException("backup time " + time + " is given twice");
            }
        }
        times = sorted.stream().map(BackupSchedule::format).toList();
        if (frequency == Frequency.WEEKLY) {
            if (days == null || days.isEmpty()) {
                throw new IllegalArgumentException("a weekly schedule needs at least one day");
            }
            days = List.copyOf(EnumSet.copyOf(days));
        } else {
            days = List.of();
        }
        if (timeZone == null || timeZone.isBlank()) {
            throw new IllegalArgumentException("timeZone is required");
        }
        try {
            ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("timeZone '" + timeZone + "' is not a known time zone");
        }
    }

    public static BackupSchedule daily(String timeZone, String... times) {
        return new BackupSchedule(Frequency.DAILY, List.of(times), List.of(), timeZone);
    }

    public static BackupSchedule weekly(String timeZone, Set<DayOfWeek> days, String... times) {
        return new BackupSchedule(Frequency.WEEKLY, List.of(times), List.copyOf(days), timeZone);
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public List<LocalTime> localTimes() {
        return times.stream().map(LocalTime::parse).toList();
    }

    /** Whether backups run on {@code date} at all. */
    public boolean runsOn(LocalDate date) {
        return frequency == Frequency.DAILY || days.contains(date.getDayOfWeek());
    }

    /** The first scheduled backup strictly after {@code after}. */
    public Instant nextAfter(Instant after) {
        ZoneId zone = zone();
        LocalDate date = after.atZone(zone).toLocalDate();
        for (int i = 0; i < 9; i++, date = date.plusDays(1)) {
            if (!runsOn(date)) {
                continue;
            }
            for (LocalTime time : localTimes()) {
                Instant at = ZonedDateTime.of(date, time, zone).toInstant();
                if (at.isAfter(after)) {
                    return at;
                }
            }
        }
        throw new IllegalStateException("no backup time within 9 days of " + after + " in " + this);
    }

    /** The latest scheduled backup at or before {@code atOrBefore} and strictly after {@code after}, if any. */
    public Optional<Instant> latestBetween(Instant after, Instant atOrBefore) {
        Instant latest = null;
        for (Instant next = nextAfter(after); !next.isAfter(atOrBefore); next = nextAfter(next)) {
            latest = next;
        }
        return Optional.ofNullable(latest);
    }

    /** Every scheduled backup in {@code (from, to]}, oldest first (for retention previews). */
    public List<Instant> between(Instant from, Instant to) {
        List<Instant> result = new ArrayList<>();
        for (Instant next = nextAfter(from); !next.isAfter(to); next = nextAfter(next)) {
            result.add(next);
        }
        return result;
    }

    String canonical() {
        return frequency + "|" + String.join(",", times) + "|"
                + String.join(",", days.stream().map(DayOfWeek::name).toList()) + "|" + timeZone;
    }

    private static LocalTime parseTime(String text) {
        if (text == null || !text.matches("\\d{2}:\\d{2}")) {
            throw new IllegalArgumentException("backup time '" + text + "' must be HH:mm, e.g. 21:30");
        }
        LocalTime time;
        try {
            time = LocalTime.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("backup time '" + text + "' is not a time of day");
        }
        if (time.getMinute() != 0 && time.getMinute() != 30) {
            throw new IllegalArgumentException("backup time " + text + " must be on the hour or half hour");
        }
        return time;
    }

    private static String format(LocalTime time) {
        return String.format("%02d:%02d", time.getHour(), time.getMinute());
    }
}

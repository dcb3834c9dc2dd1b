package io.vaultfleet.protocol.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;

/**
 * MARS's network throttling: one bandwidth for work hours (on work days, from start to end) and another for the rest
 * of the time, each 512 Kbps to 1,023 Mbps, plus how many uploads run at once.
 *
 * @param workHoursKbps         bandwidth during work hours, in kilobits per second
 * @param nonWorkHoursKbps      bandwidth outside work hours, in kilobits per second
 * @param workDays              the work days (at least one)
 * @param workStart             start of work hours, {@code HH:mm}
 * @param workEnd               end of work hours, {@code HH:mm}, after the start
 * @param maxConcurrentUploads  uploads in flight at once, 1–16
 */
public record NetworkThrottle(long workHoursKbps, long nonWorkHoursKbps, List<DayOfWeek> workDays, String workStart,
                              String workEnd, int maxConcurrentUploads) {
    public static final long MIN_KBPS = 512;
    /** 1,023 Mbps, as MARS counts it (1 Mbps = 1,024 Kbps). */
    public static final long MAX_KBPS = 1023L * 1024;
    public static final int MAX_CONCURRENT_UPLOADS = 16;

    public NetworkThrottle {
        checkRate(workHoursKbps, "work hours bandwidth");
        checkRate(nonWorkHoursKbps, "non-work hours bandwidth");
        if (workDays == null || workDays.isEmpty()) {
            throw new IllegalArgumentException("throttling needs at least one work day");
        }
        workDays = List.copyOf(EnumSet.copyOf(workDays));
        LocalTime start = time(workStart, "work start");
        LocalTime end = time(workEnd, "work end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("work hours must end after they start (" + workStart + "–" + workEnd + ")");
        }
        if (maxConcurrentUploads < 1 || maxConcurrentUploads > MAX_CONCURRENT_UPLOADS) {
            throw new IllegalArgumentException("concurrent uploads must be 1–" + MAX_CONCURRENT_UPLOADS + ", not "
                    + maxConcurrentUploads);
        }
    }

    /** The bandwidth that applies at {@code at} in {@code zone}, in bytes per second. */
    public long bytesPerSecondAt(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean work = workDays.contains(local.getDayOfWeek()) && !time.isBefore(LocalTime.parse(workStart))
                && time.isBefore(LocalTime.parse(workEnd));
        return (work ? workHoursKbps : nonWorkHoursKbps) * 1000 / 8;
    }

    String canonical() {
        return workHoursKbps + "|" + nonWorkHoursKbps + "|" + String.join(",", workDays.stream().map(Enum::name).toList())
                + "|" + workStart + "|" + workEnd + "|" + maxConcurrentUploads;
    }

    private static void checkRate(long kbps, String what) {
        if (kbps < MIN_KBPS || kbps > MAX_KBPS) {
            throw new IllegalArgumentException(what + " must be 512 Kbps to 1,023 Mbps (" + MAX_KBPS + " Kbps), not "
                    + kbps + " Kbps");
        }
    }

    private static LocalTime time(String text, String what) {
        if (text == null || !text.matches("\\d{2}:\\d{2}")) {
            throw new IllegalArgumentException(what + " '" + text + "' must be HH:mm");
        }
        try {
            return LocalTime.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a time of day");
        }
    }
}

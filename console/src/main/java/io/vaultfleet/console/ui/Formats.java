package io.vaultfleet.console.ui;

import java.time.Duration;
import java.util.Locale;

/** How the console writes sizes, durations and item kinds, the same on every page and message. */
public final class Formats {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private Formats() {
    }

    /** 0 B, 812 B, 1.5 KiB, 3.2 GiB. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** The portal's name of a protected item kind. */
    public static String itemLabel(String item) {
        if (item == null) {
            return "";
        }
        return switch (item) {
            case "SYSTEM_STATE" -> "System State";
            case "FILES_AND_FOLDERS" -> "Files and folders";
            case "SYSTEM_CONFIGURATION" -> "System configuration";
            default -> item;
        };
    }

    /**
     * A duration the way the console says it: "3 s", "4 min 2 s", "2 h 5 min", "3 d 4 h"; a zero second part is left
     * out ("90 min" is "1 h 30 min", "2 h" is "2 h").
     */
    public static String duration(Duration d) {
        if (d.toDays() > 0) {
            return twoParts(d.toDays(), "d", d.toHoursPart(), "h");
        }
        if (d.toHours() > 0) {
            return twoParts(d.toHours(), "h", d.toMinutesPart(), "min");
        }
        return d.toMinutes() > 0 ? twoParts(d.toMinutes(), "min", d.toSecondsPart(), "s") : d.toSeconds() + " s";
    }

    private static String twoParts(long first, String firstUnit, int second, String secondUnit) {
        return second == 0 ? first + " " + firstUnit : first + " " + firstUnit + " " + second + " " + secondUnit;
    }
}

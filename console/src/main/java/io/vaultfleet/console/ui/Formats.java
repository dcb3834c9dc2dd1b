package io.vaultfleet.console.ui;

import java.util.Locale;

/** How the console writes sizes and item kinds, the same on every page. */
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

    /** A duration the way the views say it: "3 s", "4 min 2 s", "2 h 5 min", "3 d 4 h". */
    public static String duration(java.time.Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
    }
}

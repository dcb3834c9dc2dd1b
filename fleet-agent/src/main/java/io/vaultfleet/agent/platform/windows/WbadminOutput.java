package io.vaultfleet.agent.platform.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code wbadmin start systemstatebackup} and {@code wbadmin get versions} print (English output of
 * Windows Server 2012 R2–2025). Only tested with recorded outputs.
 */
public final class WbadminOutput {
    private static final Pattern WRITER = Pattern.compile("Creating a backup of files reported by '([^']+)' \\((\\d{1,3})%\\)");
    private static final Pattern VOLUME = Pattern.compile("Creating a backup of volume (.+?), copied \\((\\d{1,3})%\\)");
    private static final Pattern FOUND = Pattern.compile("Found \\((\\d+)\\) files");

    private WbadminOutput() {
    }

    /** One progress step: the phase in wbadmin's words and its percentage (-1 when wbadmin gives none). */
    public record Progress(String phase, int percent) {
    }

    /** The progress a line reports, if it reports any. */
    public static Optional<Progress> progress(String line) {
        String l = line.strip();
        Matcher m = WRITER.matcher(l);
        if (m.find()) {
            return Optional.of(new Progress(m.group(1), Integer.parseInt(m.group(2))));
        }
        m = VOLUME.matcher(l);
        if (m.find()) {
            return Optional.of(new Progress("volume " + m.group(1), Integer.parseInt(m.group(2))));
        }
        if (l.startsWith("Creating a shadow copy of the volumes")) {
            return Optional.of(new Progress("Creating a shadow copy", -1));
        }
        if (l.startsWith("Identifying system state files to back up")) {
            return Optional.of(new Progress("Identifying system state files", -1));
        }
        m = FOUND.matcher(l);
        if (m.find()) {
            return Optional.of(new Progress("Identifying system state files (" + m.group(1) + " found)", -1));
        }
        return Optional.empty();
    }

    /** How a backup run ended: success, or failure with wbadmin's own error text and log files. */
    public record Outcome(boolean succeeded, String error, List<String> logFiles) {
    }

    public static Outcome outcome(String output, int exitCode) {
        List<String> lines = output.lines().map(String::strip).toList();
        List<String> logs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Log of files") && i + 1 < lines.size() && !lines.get(i + 1).isBlank()) {
                logs.add(lines.get(i + 1));
            }
        }
        String lower = output.toLowerCase(Locale.ROOT);
        boolean completed = lower.contains("the backup of the system state successfully completed")
                || lower.contains("the backup operation successfully completed");
        boolean failed = lower.contains("the backup of the system state failed") || lower.contains("error - ")
                || lower.contains("the backup operation stopped before completing");
        if (completed && !failed && exitCode == 0) {
            return new Outcome(true, "", logs);
        }
        return new Outcome(false, errorText(lines, exitCode), logs);
    }

    /** The "ERROR - …" paragraph (wbadmin wraps it over several lines), else the last non-empty line. */
    private static String errorText(List<String> lines, int exitCode) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("ERROR - ")) {
                StringBuilder error = new StringBuilder(lines.get(i).substring("ERROR - ".length()));
                for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank(); j++) {
                    error.append(' ').append(lines.get(j));
                }
                return error.toString().replaceAll("\\s+", " ").strip();
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i) + " (wbadmin exit code " + exitCode + ")";
            }
        }
        return "wbadmin printed nothing (exit code " + exitCode + ")";
    }

    /** One entry of {@code wbadmin get versions}. */
    public record Version(String backupTime, String location, String identifier, String canRecover) {
        public boolean hasSystemState() {
            return canRecover.contains("System State");
        }
    }

    public static List<Version> versions(String output) {
        List<Version> versions = new ArrayList<>();
        String time = "";
        String location = "";
        String id = "";
        for (String raw : output.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("Backup time:")) {
                time = value(line);
            } else if (line.startsWith("Backup location:") || line.startsWith("Backup target:")) {
                location = value(line);
            } else if (line.startsWith("Version identifier:")) {
                id = value(line);
            } else if (line.startsWith("Can recover:")) {
                versions.add(new Version(time, location, id, value(line)));
                time = location = id = "";
            }
        }
        return versions;
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }
}

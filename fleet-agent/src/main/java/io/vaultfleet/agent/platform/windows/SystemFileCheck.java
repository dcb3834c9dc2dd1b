package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vaultfleet.agent.platform.Command;
import io.vaultfleet.agent.platform.CommandResult;
import io.vaultfleet.agent.platform.CommandRunner;

/**
 * Runs {@code sfc /verifyonly} before each System State backup and reads its verdict (English message texts of
 * sfc.exe's message table). A System State backup of a system with damaged protected files would carry the damage
 * into every restore, so anything but a clean verdict fails the job with sfc's reason. Only tested with recorded
 * outputs (UTF-16LE sfc output with and without BOM, and mixed with single-byte text).
 */
public final class SystemFileCheck {
    static final Duration TIMEOUT = Duration.ofMinutes(90);
    private static final Pattern PERCENT = Pattern.compile("Verification (\\d{1,3})% complete");

    private final CommandRunner runner;

    public SystemFileCheck(CommandRunner runner) {
        this.runner = runner;
    }

    public enum Verdict {
        CLEAN, INTEGRITY_VIOLATIONS, COULD_NOT_PERFORM, ANOTHER_OPERATION_RUNNING, REPAIR_PENDING_REBOOT, NEEDS_ELEVATION,
        UNRECOGNISED
    }

    /** sfc's verdict, how far the verification got, and the sentence for the job log. */
    public record Result(Verdict verdict, int lastPercent, String reason) {
        public boolean clean() {
            return verdict == Verdict.CLEAN;
        }
    }

    public Result verify() throws IOException, InterruptedException {
        String sfc = System.getenv().getOrDefault("SystemRoot", "C:\\Windows") + "\\System32\\sfc.exe";
        CommandResult result = runner.run(Command.of(TIMEOUT, sfc, "/verifyonly"));
        return parse(result.stdout(), result.exitCode());
    }

    /** Reads sfc's output bytes (see {@link SfcOutputDecoder}). */
    public static Result parse(byte[] stdout, int exitCode) {
        String text = SfcOutputDecoder.decode(stdout);
        String flat = text.replaceAll("\\s+", " ");
        String lower = flat.toLowerCase(Locale.ROOT);
        int percent = lastPercent(text);
        if (lower.contains("you must be an administrator running a console session")) {
            return new Result(Verdict.NEEDS_ELEVATION, percent,
                    "sfc needs administrator rights: run the agent as SYSTEM or from an elevated prompt");
        }
        if (lower.contains("there is a system repair pending which requires reboot")) {
            return new Result(Verdict.REPAIR_PENDING_REBOOT, percent,
                    "sfc: a system repair is pending and needs a reboot; restart the server, then back up again");
        }
        if (lower.contains("another servicing or repair operation is currently running")) {
            return new Result(Verdict.ANOTHER_OPERATION_RUNNING, percent,
                    "sfc: another servicing or repair operation (Windows Update, DISM, TrustedInstaller) is running; "
                            + "let it finish, then back up again");
        }
        if (lower.contains("found integrity violations") || lower.contains("found corrupt files")) {
            return new Result(Verdict.INTEGRITY_VIOLATIONS, percent,
                    "sfc /verifyonly found integrity violations in protected system files (details in "
                            + "%windir%\\Logs\\CBS\\CBS.log); repair with DISM /Online /Cleanup-Image /RestoreHealth "
                            + "and sfc /scannow before backing up System State");
        }
        if (lower.contains("did not find any integrity violations")) {
            if (lower.contains("component metadata is corrupt")) {
                return new Result(Verdict.INTEGRITY_VIOLATIONS, percent,
                        "sfc found no violations but cannot guarantee integrity because component metadata is corrupt; "
                                + "run DISM /Online /Cleanup-Image /RestoreHealth");
            }
            return new Result(Verdict.CLEAN, percent, "sfc /verifyonly found no integrity violations");
        }
        if (lower.contains("could not perform the requested operation") || lower.contains("could not start the repair service")) {
            String which = lower.contains("repair service") ? "could not start the repair service (TrustedInstaller)"
                    : "could not perform the requested operation";
            return new Result(Verdict.COULD_NOT_PERFORM, percent, "sfc " + which
                    + (percent >= 0 ? " (stopped at " + percent + "%)" : "") + "; see %windir%\\Logs\\CBS\\CBS.log");
        }
        String last = lastLine(text).orElse("(no output)");
        return new Result(Verdict.UNRECOGNISED, percent, "sfc /verifyonly ended with exit code " + exitCode
                + " and an unrecognised message: " + last);
    }

    private static int lastPercent(String text) {
        Matcher m = PERCENT.matcher(text);
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    private static Optional<String> lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? Optional.empty() : Optional.of(lines[lines.length - 1].strip());
    }
}

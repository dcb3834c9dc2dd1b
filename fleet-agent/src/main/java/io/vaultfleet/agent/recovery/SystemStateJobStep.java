package io.vaultfleet.agent.recovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.vaultfleet.agent.platform.CommandRunner;
import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.platform.windows.SystemStateRecovery;
import io.vaultfleet.agent.platform.windows.WbadminOutput;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.Restorer;

/**
 * A System State restore job's own part: the point's staged {@code WindowsImageBackup\<host>} folder is restored
 * into a staging folder on the volume the admin picked, then moved to the volume's root (a rename on the same
 * volume), where {@code wbadmin start systemstaterecovery} looks for it; then the exact command and the
 * domain-controller steps go into the job's detail ({@link SystemStateRecovery}, the recovery code {@code restore
 * --system-state-recovery} uses), or the command runs when the admin ticked *Run it now*.
 *
 * <p>wbadmin is Windows Server only: elsewhere the folder is restored and the steps given, and running them is a
 * FAILED job that says why. The wbadmin parts are tested with recorded outputs ({@code SystemStateRecoveryTest});
 * this class's tests run the Linux path and a recording {@link CommandRunner}.
 */
public final class SystemStateJobStep {
    /** What the step says: the steps or wbadmin's result. */
    public record Outcome(boolean succeeded, String detail) {
    }

    private final CommandRunner runner;
    private final boolean windows;

    public SystemStateJobStep(CommandRunner runner, boolean windows) {
        this.runner = runner;
        this.windows = windows;
    }

    /** Whether this JVM runs on Windows. */
    public static boolean onWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** The folder the point is restored into first, on the chosen volume (created). */
    Path stagingFolder(String volume, String jobId) throws IOException {
        Path root = Path.of(volume).toAbsolutePath();
        if (!Files.isDirectory(root)) {
            throw new IOException("the volume " + volume + " for the System State files does not exist here");
        }
        Path staging = root.resolve("vaultfleet-restore-" + jobId.substring(0, Math.min(8, jobId.length())));
        Files.createDirectories(staging);
        return staging;
    }

    /** Moves the restored folder to the volume's root, then gives the steps (or runs them). */
    Outcome afterRestore(Repository repo, String pointId, Path staging, boolean run)
            throws IOException, InterruptedException {
        List<String> roots = repo.readSnapshotHeader(pointId).paths();
        Path restored = roots.stream().map(r -> Restorer.destination(r, staging))
                .filter(p -> p.getParent() != null && p.getParent().getFileName() != null
                        && p.getParent().getFileName().toString().equalsIgnoreCase("WindowsImageBackup"))
                .findFirst().orElseThrow(() -> new IOException("this recovery point holds no "
                        + "WindowsImageBackup\\<host> folder: it is not a System State recovery point"));
        Path volume = staging.getParent();
        String host = FileNames.name(restored.getFileName());
        Path atRoot = volume.resolve("WindowsImageBackup").resolve(restored.getFileName());
        if (Files.exists(atRoot)) {
            return new Outcome(false, "the System State files were restored to " + restored + ", but " + atRoot
                    + " exists already and was left as it is: move one of them away, then run wbadmin yourself");
        }
        Files.createDirectories(atRoot.getParent());
        Files.move(restored, atRoot);
        removeEmptyFolders(staging);

        String backupTarget = volume.toString();
        SystemStateRecovery recovery = new SystemStateRecovery(runner, backupTarget, host);
        String version = windows ? recovery.latestSystemStateVersion().identifier()
                : "<version from wbadmin get versions>";
        List<String> lines = new ArrayList<>();
        lines.add("The System State files of " + host + " are at " + atRoot + ".");
        lines.addAll(recovery.steps(version, SystemStateRecovery.AdRestore.NOT_A_DOMAIN_CONTROLLER));
        lines.add("If this server is a domain controller:");
        List<String> plain = recovery.steps(version, SystemStateRecovery.AdRestore.NOT_A_DOMAIN_CONTROLLER);
        recovery.steps(version, SystemStateRecovery.AdRestore.NON_AUTHORITATIVE).stream()
                .filter(step -> !plain.contains(step)).forEach(step -> lines.add("  " + step));
        String steps = String.join("\n", lines);
        if (!run) {
            return new Outcome(true, steps);
        }
        if (!windows) {
            return new Outcome(false, "Run it now: wbadmin start systemstaterecovery runs on Windows Server only, not "
                    + "on this server. Nothing was recovered; the files are restored.\n" + steps);
        }
        WbadminOutput.Outcome outcome = recovery.perform(version, SystemStateRecovery.AdRestore.NOT_A_DOMAIN_CONTROLLER);
        if (!outcome.succeeded()) {
            return new Outcome(false, "wbadmin did not recover the System State: " + outcome.error() + " (logs: "
                    + outcome.logFiles() + ")\n" + steps);
        }
        return new Outcome(true, "System State recovery started: " + recovery.recoveryCommand(version,
                SystemStateRecovery.AdRestore.NOT_A_DOMAIN_CONTROLLER).display()
                + ". Restart the server when wbadmin asks (shutdown /r /t 0).");
    }

    private static void removeEmptyFolders(Path staging) throws IOException {
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try (Stream<Path> inside = Files.list(p)) {
                    if (inside.findAny().isEmpty()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}

package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vaultfleet.agent.platform.Command;
import io.vaultfleet.agent.platform.CommandResult;
import io.vaultfleet.agent.platform.CommandRunner;

/**
 * The System State restore steps, after the engine has put the {@code WindowsImageBackup\<host>} folder back on a
 * volume: {@code wbadmin get versions -backupTarget:<volume>} to find the version, then
 * {@code wbadmin start systemstaterecovery -version:<id> -backupTarget:<volume> -machine:<host> -quiet}, with the
 * warnings an admin needs (domain controllers in DSRM, authoritative or not, the reboot). The steps are printed by
 * default; {@link #perform} runs them. Only tested with recorded outputs (recorded {@code wbadmin get versions}).
 */
public final class SystemStateRecovery {
    private final CommandRunner runner;
    private final String backupTarget;
    private final String hostName;

    public SystemStateRecovery(CommandRunner runner, String backupTarget, String hostName) {
        this.runner = runner;
        this.backupTarget = backupTarget;
        this.hostName = hostName;
    }

    /** How Active Directory comes back on a domain controller. */
    public enum AdRestore { NOT_A_DOMAIN_CONTROLLER, NON_AUTHORITATIVE, AUTHORITATIVE }

    /** The newest version with System State in the restored folder. */
    public WbadminOutput.Version latestSystemStateVersion() throws IOException, InterruptedException {
        CommandResult r = runner.run(Command.of(Duration.ofMinutes(5), "wbadmin", "get", "versions",
                "-backupTarget:" + backupTarget, "-machine:" + hostName));
        List<WbadminOutput.Version> versions = WbadminOutput.versions(r.stdoutText(StandardCharsets.ISO_8859_1)).stream()
                .filter(WbadminOutput.Version::hasSystemState).toList();
        if (versions.isEmpty()) {
            throw new IOException("wbadmin finds no System State backup of " + hostName + " on " + backupTarget
                    + "; check that the restored WindowsImageBackup folder is at the volume's root");
        }
        return versions.getLast();
    }

    /** The recovery command for a version. */
    public Command recoveryCommand(String versionId, AdRestore ad) {
        List<String> args = new ArrayList<>(List.of("wbadmin", "start", "systemstaterecovery", "-version:" + versionId,
                "-backupTarget:" + backupTarget, "-machine:" + hostName));
        if (ad == AdRestore.AUTHORITATIVE) {
            args.add("-authsysvol");
        }
        args.add("-quiet");
        return new Command(args, Duration.ofHours(6), StandardCharsets.ISO_8859_1);
    }

    /** The steps and warnings, as printed for the admin. */
    public List<String> steps(String versionId, AdRestore ad) {
        List<String> steps = new ArrayList<>();
        steps.add("WARNING: a System State recovery replaces the registry, boot files, COM+ and (on a domain controller) "
                + "Active Directory and SYSVOL of this server; it cannot be undone and ends with a restart.");
        if (ad != AdRestore.NOT_A_DOMAIN_CONTROLLER) {
            steps.add("This is a domain controller: restart into Directory Services Restore Mode first "
                    + "(bcdedit /set safeboot dsrepair, then shutdown /r /t 0) and sign in with the DSRM administrator password.");
        }
        steps.add("wbadmin get versions -backupTarget:" + backupTarget + " -machine:" + hostName
                + "   (check that version " + versionId + " lists System State)");
        steps.add(recoveryCommand(versionId, ad).display());
        switch (ad) {
            case NON_AUTHORITATIVE -> steps.add("Non-authoritative restore (the default): after the restart this domain "
                    + "controller receives every change made since the backup from its replication partners.");
            case AUTHORITATIVE -> steps.add("Authoritative restore: before restarting, run ntdsutil \"activate instance ntds\" "
                    + "\"authoritative restore\" \"restore subtree <DN>\" for the objects that must win over the replicas; "
                    + "-authsysvol makes this SYSVOL authoritative too. Only for objects deleted or damaged everywhere.");
            case NOT_A_DOMAIN_CONTROLLER -> { }
        }
        if (ad != AdRestore.NOT_A_DOMAIN_CONTROLLER) {
            steps.add("Leave DSRM afterwards: bcdedit /deletevalue safeboot");
        }
        steps.add("Restart the server when wbadmin asks (shutdown /r /t 0); the recovery completes during that restart.");
        return steps;
    }

    /** Runs the recovery (the caller has shown {@link #steps} and the admin confirmed). */
    public WbadminOutput.Outcome perform(String versionId, AdRestore ad) throws IOException, InterruptedException {
        CommandResult r = runner.run(recoveryCommand(versionId, ad));
        String out = r.stdoutText(StandardCharsets.ISO_8859_1);
        boolean ok = r.exitCode() == 0 && !out.contains("ERROR - ") && !out.toLowerCase(Locale.ROOT).contains(" failed");
        return ok ? new WbadminOutput.Outcome(true, "", List.of()) : WbadminOutput.outcome(out, r.exitCode() == 0 ? 1 : r.exitCode());
    }
}

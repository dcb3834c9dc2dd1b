package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import io.vaultfleet.agent.platform.Command;
import io.vaultfleet.agent.platform.CommandResult;
import io.vaultfleet.agent.platform.CommandRunner;
import io.vaultfleet.agent.platform.FileTrees;
import io.vaultfleet.agent.platform.ProcessCommandRunner;
import io.vaultfleet.agent.platform.ProgressListener;
import io.vaultfleet.agent.platform.SystemStateSource;

/**
 * System State through Windows Server Backup: {@code wbadmin start systemstatebackup -backupTarget:<volume> -quiet}
 * into a staging volume (normally the agent's cache volume), wbadmin's progress lines turned into progress events,
 * and the produced {@code <volume>\WindowsImageBackup\<host>} folder handed to the backup engine. The staging folder
 * is always removed by {@link #cleanup()}, also the one a crashed run left (its path is recorded in the agent home
 * before wbadmin starts). A {@code WindowsImageBackup\<host>} folder the agent did not create is never touched: the
 * run stops instead. Staging on the system volume needs {@code AllowSSBToAnyVolume=1} under
 * {@code HKLM\SYSTEM\CurrentControlSet\Services\wbengine\SystemStateBackup}, as for MARS.
 * Only tested with recorded outputs (recorded wbadmin success, failure and progress output; staging and cleanup
 * run for real on a temporary folder).
 */
public final class WbadminSystemState implements SystemStateSource {
    static final Duration TIMEOUT = Duration.ofHours(6);
    static final String WBENGINE = "SYSTEM\\CurrentControlSet\\Services\\wbengine\\SystemStateBackup";

    private final CommandRunner runner;
    private final RegistryReader registry;
    private final String backupTarget;
    private final String systemDrive;
    private final String hostName;
    private final Path marker;

    /**
     * @param backupTarget the staging volume as wbadmin takes it ({@code D:}) or a folder path in tests
     * @param agentHome    where the staging marker is kept
     */
    public WbadminSystemState(CommandRunner runner, RegistryReader registry, String backupTarget, String systemDrive,
                              String hostName, Path agentHome) {
        this.runner = runner;
        this.registry = registry;
        this.backupTarget = backupTarget;
        this.systemDrive = systemDrive;
        this.hostName = hostName;
        this.marker = agentHome.resolve("system-state-staging.txt");
    }

    /**
     * On this server: wbadmin names the folder after the NetBIOS computer name ({@code %COMPUTERNAME%}), not the DNS
     * host name, and the system volume is {@code %SystemDrive%}.
     */
    public static WbadminSystemState onThisMachine(String stagingVolume, Path agentHome) {
        return new WbadminSystemState(new ProcessCommandRunner(), new JnaRegistryReader(),
                stagingVolume, System.getenv().getOrDefault("SystemDrive", "C:"),
                System.getenv().getOrDefault("COMPUTERNAME", "localhost"), agentHome);
    }

    /** {@code <target>\WindowsImageBackup\<host>}: where wbadmin writes this server's System State. */
    public Path stagingFolder() {
        String root = backupTarget.endsWith(":") ? backupTarget + "\\" : backupTarget;
        return Path.of(root).resolve("WindowsImageBackup").resolve(hostName);
    }

    @Override
    public Path produce(ProgressListener progress) throws IOException, InterruptedException {
        WindowsServerBackupFeature.State feature = new WindowsServerBackupFeature(runner).state();
        if (feature != WindowsServerBackupFeature.State.INSTALLED) {
            throw new IOException("Windows Server Backup is not installed (" + feature.name().toLowerCase(Locale.ROOT)
                    + "): " + WindowsServerBackupFeature.INSTALL_INSTRUCTION);
        }
        if (backupTarget.equalsIgnoreCase(systemDrive) && registry.dword(WBENGINE, "AllowSSBToAnyVolume").orElse(0) != 1) {
            throw new IOException("the System State staging volume " + backupTarget + " is the system volume, which wbadmin "
                    + "refuses unless HKLM\\" + WBENGINE + " AllowSSBToAnyVolume (DWORD) is 1; set it or choose a cache "
                    + "folder on another volume");
        }
        Path staging = stagingFolder();
        removeLeftoverOfCrashedRun();
        if (Files.exists(staging)) {
            throw new IOException(staging + " already exists and was not made by the agent (an admin's own Windows "
                    + "Server Backup?); move it away or choose another cache volume — the agent never deletes it");
        }
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, staging.toString(), StandardCharsets.UTF_8);

        String wbadmin = System.getenv().getOrDefault("SystemRoot", "C:\\Windows") + "\\System32\\wbadmin.exe";
        Command command = Command.of(TIMEOUT, wbadmin, "start", "systemstatebackup", "-backupTarget:" + backupTarget, "-quiet");
        CommandResult result = runner.run(command, line -> WbadminOutput.progress(line)
                .ifPresent(p -> progress.progress(p.phase(), p.percent())));
        WbadminOutput.Outcome outcome = WbadminOutput.outcome(result.stdoutText(StandardCharsets.ISO_8859_1)
                + "\n" + result.stderrText(StandardCharsets.ISO_8859_1), result.exitCode());
        if (!outcome.succeeded()) {
            throw new IOException("System State backup (wbadmin) failed: " + outcome.error()
                    + (outcome.logFiles().isEmpty() ? "" : "; wbadmin logs: " + String.join(", ", outcome.logFiles())));
        }
        if (!Files.isDirectory(staging)) {
            throw new IOException("wbadmin reported success but " + staging + " does not exist");
        }
        return staging;
    }

    @Override
    public void cleanup() throws IOException {
        removeLeftoverStaging(marker.getParent());
    }

    /** A crashed run's staging folder goes before anything else is staged. */
    public void removeLeftoverOfCrashedRun() throws IOException {
        cleanup();
    }

    /** At agent start: removes the staging folder a crashed run recorded in the agent home, if any. */
    public static boolean removeLeftoverStaging(Path agentHome) throws IOException {
        Path marker = agentHome.resolve("system-state-staging.txt");
        if (!Files.exists(marker)) {
            return false;
        }
        FileTrees.deleteTree(Path.of(Files.readString(marker, StandardCharsets.UTF_8).strip()));
        Files.delete(marker);
        return true;
    }
}

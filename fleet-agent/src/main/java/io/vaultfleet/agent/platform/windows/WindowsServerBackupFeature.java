package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.vaultfleet.agent.platform.Command;
import io.vaultfleet.agent.platform.CommandResult;
import io.vaultfleet.agent.platform.CommandRunner;

/**
 * Whether the Windows Server Backup feature (which brings {@code wbadmin}) is installed, asked of
 * {@code Get-WindowsFeature Windows-Server-Backup} and read from its table ("[X] Windows Server Backup
 * Windows-Server-Backup Installed"). Only tested with recorded outputs.
 */
public final class WindowsServerBackupFeature {
    /** The instruction the admin gets when the feature is missing. */
    public static final String INSTALL_INSTRUCTION = "install the Windows Server Backup feature: in an elevated "
            + "PowerShell run  Install-WindowsFeature -Name Windows-Server-Backup  (no reboot needed), or Server Manager > "
            + "Add Roles and Features > Features > Windows Server Backup";

    private final CommandRunner runner;

    public WindowsServerBackupFeature(CommandRunner runner) {
        this.runner = runner;
    }

    public enum State { INSTALLED, AVAILABLE, REMOVED, UNKNOWN }

    public State state() throws IOException, InterruptedException {
        CommandResult result = runner.run(Command.of(Duration.ofMinutes(2), "powershell.exe", "-NoProfile", "-NonInteractive",
                "-Command", "Get-WindowsFeature -Name Windows-Server-Backup"));
        return parse(result.stdoutText(StandardCharsets.ISO_8859_1));
    }

    public static State parse(String output) {
        for (String line : output.lines().toList()) {
            if (line.contains("Windows-Server-Backup")) {
                String last = line.strip().replaceAll(".*\\s", "");
                return switch (last) {
                    case "Installed" -> State.INSTALLED;
                    case "Available" -> State.AVAILABLE;
                    case "Removed" -> State.REMOVED;
                    default -> State.UNKNOWN;
                };
            }
        }
        return State.UNKNOWN;
    }
}

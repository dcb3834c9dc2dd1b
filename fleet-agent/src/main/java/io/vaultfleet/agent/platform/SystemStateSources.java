package io.vaultfleet.agent.platform;

import java.nio.file.Path;
import java.util.Locale;

/** The System State source of this machine: wbadmin on Windows; elsewhere there is none, and the reason says why. */
public final class SystemStateSources {
    private SystemStateSources() {
    }

    public static SystemStateSource forThisMachine(String stagingVolume, Path agentHome) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            throw new IllegalArgumentException("System State is a Windows Server item (wbadmin); on "
                    + System.getProperty("os.name") + " back up the system configuration with --system-configuration");
        }
        return io.vaultfleet.agent.platform.windows.WbadminSystemState.onThisMachine(stagingVolume, agentHome);
    }
}

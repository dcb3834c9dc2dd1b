package io.vaultfleet.agent.platform.windows;

import com.sun.jna.platform.win32.Advapi32Util;

import io.vaultfleet.agent.platform.Elevation;

/**
 * Administrator rights on Windows: the process token is elevated ({@link Advapi32Util#isCurrentProcessElevated()},
 * TokenElevation — true for SYSTEM and for an elevated administrator; false for an administrator under UAC without
 * "Run as administrator"). Only tested with recorded outputs: the JNA call cannot run here; the message is tested.
 */
public final class WindowsElevation implements Elevation {
    @Override
    public boolean isElevated() {
        return Advapi32Util.isCurrentProcessElevated();
    }

    @Override
    public String notElevatedMessage() {
        return "the agent is not running with administrator rights: System State (wbadmin), sfc and shadow copies "
                + "need them. Run it as the VaultFleet Agent task/service (installed as SYSTEM by install.ps1) or from "
                + "a prompt opened with \"Run as administrator\"";
    }
}

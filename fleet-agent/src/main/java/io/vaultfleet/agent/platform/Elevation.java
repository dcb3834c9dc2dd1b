package io.vaultfleet.agent.platform;

import java.util.Locale;

/** Whether the agent runs with administrator rights, and what to tell the admin when it does not. */
public interface Elevation {
    boolean isElevated();

    /** One sentence for the admin: why the agent needs the rights and how to give them. */
    String notElevatedMessage();

    static Elevation forCurrentPlatform() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return new io.vaultfleet.agent.platform.windows.WindowsElevation();
        }
        return new PosixElevation();
    }
}

package io.vaultfleet.agent.platform;

import com.sun.security.auth.module.UnixSystem;

/** Root or not, read from the process's user id. */
public final class PosixElevation implements Elevation {
    @Override
    public boolean isElevated() {
        try {
            return new UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    @Override
    public String notElevatedMessage() {
        return "the agent is not running as root: files other users own cannot be read. Run it as the "
                + "vaultfleet-agent systemd service (installed by install.sh) or with sudo";
    }
}

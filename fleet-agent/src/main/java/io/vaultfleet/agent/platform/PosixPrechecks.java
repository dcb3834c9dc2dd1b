package io.vaultfleet.agent.platform;

import java.util.List;

/**
 * Prechecks on Linux and other non-Windows systems: files, folders and system configuration (for example
 * {@code /etc}) are supported; Windows System State is not offered, and the result says why.
 */
public final class PosixPrechecks implements Prechecks {
    private final String osName;
    private final String osVersion;
    private final Elevation elevation;

    public PosixPrechecks(String osName, String osVersion, Elevation elevation) {
        this.osName = osName;
        this.osVersion = osVersion;
        this.elevation = elevation;
    }

    @Override
    public List<PrecheckResult> run() {
        String os = osName + " " + osVersion;
        PrecheckResult rights = elevation.isElevated()
                ? PrecheckResult.passed("Administrator rights", "running as root")
                : PrecheckResult.warning("Administrator rights", elevation.notElevatedMessage());
        return List.of(
                PrecheckResult.passed("Supported operating system",
                        os + ": supported for files and folders and for system configuration"),
                PrecheckResult.notOffered("System State",
                        "System State is a Windows Server item (wbadmin); " + os + " backs up its system configuration as files instead"),
                rights);
    }
}

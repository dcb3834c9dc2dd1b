package io.vaultfleet.agent.platform.current;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.platform.Elevation;
import io.vaultfleet.agent.platform.OwnerOnlyFileSecretProtection;
import io.vaultfleet.agent.platform.PosixElevation;
import io.vaultfleet.agent.platform.PosixPrechecks;
import io.vaultfleet.agent.platform.Prechecks;
import io.vaultfleet.agent.platform.ProcessCommandRunner;
import io.vaultfleet.agent.platform.SecretProtection;
import io.vaultfleet.agent.platform.SystemStateSource;
import io.vaultfleet.agent.platform.windows.CrashLeftovers;
import io.vaultfleet.agent.platform.windows.DpapiSecretProtection;
import io.vaultfleet.agent.platform.windows.WbadminSystemState;
import io.vaultfleet.agent.platform.windows.WindowsElevation;
import io.vaultfleet.agent.platform.windows.WindowsPrechecks;

/**
 * The one place that picks the implementation of each platform seam for the OS this JVM runs on: the Windows one
 * ({@code platform.windows}) or the Linux/other one ({@code platform}). It sits above both, so the interfaces in
 * {@code platform} never import their Windows implementations (the layer test, {@code AgentLayersTest}, keeps it so).
 */
public final class CurrentPlatform {
    private static final Logger log = LoggerFactory.getLogger(CurrentPlatform.class);

    private CurrentPlatform() {
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** Whether the agent runs with administrator rights, for this platform. */
    public static Elevation elevation() {
        return isWindows() ? new WindowsElevation() : new PosixElevation();
    }

    /** The prechecks for the platform this JVM runs on; {@code withSfc} adds the minutes-long sfc /verifyonly (Windows). */
    public static Prechecks prechecks(AgentHome home, boolean withSfc) {
        if (isWindows()) {
            var windows = WindowsPrechecks.onThisMachine();
            return withSfc ? windows.withSfc() : windows;
        }
        return new PosixPrechecks(System.getProperty("os.name"), System.getProperty("os.version"), elevation());
    }

    /** DPAPI machine scope on Windows, an owner-only (0600) file elsewhere. */
    public static SecretProtection secretProtection() {
        return isWindows() ? DpapiSecretProtection.machineScope() : new OwnerOnlyFileSecretProtection();
    }

    /** The System State source of this machine: wbadmin on Windows; elsewhere there is none, and the reason says why. */
    public static SystemStateSource systemStateSource(String stagingVolume, Path agentHome) {
        if (!isWindows()) {
            throw new IllegalArgumentException("System State is a Windows Server item (wbadmin); on "
                    + System.getProperty("os.name") + " back up the system configuration with --system-configuration");
        }
        return WbadminSystemState.onThisMachine(stagingVolume, agentHome);
    }

    /** What the agent does with the platform when it starts: on Windows, remove what a crashed run left behind. */
    public static void cleanUpAfterCrash(AgentHome home) throws InterruptedException {
        if (!isWindows()) {
            return; // nothing outlives a Linux run: no snapshots, no staging
        }
        List<String> done = CrashLeftovers.cleanUp(new ProcessCommandRunner(), home.root());
        done.forEach(line -> log.warn("start-up clean-up: {}", line));
    }
}

package io.vaultfleet.agent.platform;

import java.util.List;
import java.util.Locale;

import io.vaultfleet.agent.AgentHome;

/** The checks run before a backup on this platform (and by {@code fleet-agent precheck}). */
public interface Prechecks {
    List<PrecheckResult> run();

    /** The prechecks for the platform this JVM runs on; {@code withSfc} adds the minutes-long sfc /verifyonly (Windows). */
    static Prechecks forCurrentPlatform(AgentHome home, boolean withSfc) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            var windows = io.vaultfleet.agent.platform.windows.WindowsPrechecks.onThisMachine();
            return withSfc ? windows.withSfc() : windows;
        }
        return new PosixPrechecks(System.getProperty("os.name"), System.getProperty("os.version"), Elevation.forCurrentPlatform());
    }
}

package io.vaultfleet.agent.platform;

import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.AgentHome;

/** What the agent does with the platform when it starts: on Windows, remove what a crashed run left behind. */
public final class PlatformStartup {
    private static final Logger log = LoggerFactory.getLogger(PlatformStartup.class);

    private PlatformStartup() {
    }

    public static void cleanUpAfterCrash(AgentHome home) throws InterruptedException {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return; // nothing outlives a Linux run: no snapshots, no staging
        }
        List<String> done = io.vaultfleet.agent.platform.windows.CrashLeftovers.cleanUp(new ProcessCommandRunner(), home.root());
        done.forEach(line -> log.warn("start-up clean-up: {}", line));
    }
}

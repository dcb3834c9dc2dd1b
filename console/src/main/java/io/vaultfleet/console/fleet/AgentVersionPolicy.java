package io.vaultfleet.console.fleet;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

import io.vaultfleet.protocol.AgentVersion;

/**
 * Which agent versions this console accepts for backups and which it distributes. Agents below the minimum are
 * flagged "upgrade required" (as MARS agents older than 2.0.9083.0 are refused); agents below the current version
 * have an update available. The current version is the console's own: they are built and shipped together.
 */
@Component
public class AgentVersionPolicy {
    public enum Standing {
        CURRENT("Current"), UPDATE_AVAILABLE("Update available"), UPGRADE_REQUIRED("Upgrade required"),
        UNKNOWN("Unknown version");

        private final String label;

        Standing(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final AgentVersion minimum;
    private final AgentVersion current;

    AgentVersionPolicy(AgentChannelProperties properties, ObjectProvider<BuildProperties> build) {
        this.minimum = AgentVersion.parse(properties.minimumVersion());
        AgentVersion own;
        try {
            BuildProperties info = build.getIfAvailable();
            own = info == null ? minimum : AgentVersion.parse(info.getVersion());
        } catch (IllegalArgumentException e) {
            own = minimum;
        }
        this.current = own.isBelow(minimum) ? minimum : own;
    }

    public String minimum() {
        return minimum.toString();
    }

    public String current() {
        return current.toString();
    }

    public Standing standingOf(String agentVersion) {
        AgentVersion version;
        try {
            version = AgentVersion.parse(agentVersion);
        } catch (IllegalArgumentException e) {
            return Standing.UNKNOWN;
        }
        if (version.isBelow(minimum)) {
            return Standing.UPGRADE_REQUIRED;
        }
        return version.isBelow(current) ? Standing.UPDATE_AVAILABLE : Standing.CURRENT;
    }
}

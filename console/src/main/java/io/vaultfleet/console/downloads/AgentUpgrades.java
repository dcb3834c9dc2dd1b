package io.vaultfleet.console.downloads;

import java.io.IOException;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.protocol.UpgradeAvailable;

/**
 * Pushes the current agent package to a server ("Upgrade agent"), signed with the console's key. How it ended comes
 * back as a report ({@link AgentUpgradeResults}).
 */
@Service
public class AgentUpgrades {
    private final AgentRelease release;
    private final ConsoleSigningKey key;
    private final FleetService fleet;
    private final AuditLog audit;

    AgentUpgrades(AgentRelease release, ConsoleSigningKey key, FleetService fleet, AuditLog audit) {
        this.release = release;
        this.key = key;
        this.fleet = fleet;
        this.audit = audit;
    }

    /** The version an upgrade would install, or empty when this console has no agent package. */
    public java.util.Optional<String> offeredVersion() {
        try {
            return release.current().map(AgentRelease.AgentPackage::version);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Offers the current package to a connected server; the message says what happened, for the admin. */
    @PreAuthorize("hasRole('CONTRIBUTOR')")
    public String offer(UUID serverId) {
        RegisteredServer server = fleet.find(serverId).orElseThrow(() -> new IllegalArgumentException("No such server."));
        AgentRelease.AgentPackage pkg;
        try {
            pkg = release.current().orElseThrow(() -> new IllegalStateException("This console has no agent package to offer."));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (pkg.version().equals(server.agentVersion())) {
            return server.name() + " already runs agent " + pkg.version() + ".";
        }
        UpgradeAvailable offer = new UpgradeAvailable(pkg.version(), pkg.sha256(), pkg.bytes().length,
                key.signer().signAgentPackage(pkg.version(), pkg.sha256()));
        if (!fleet.sendTo(serverId, offer)) {
            throw new IllegalStateException(server.name() + " is offline: the upgrade can be pushed when it is connected.");
        }
        audit.record("agent.upgrade.offer", "server:" + serverId, AuditLog.Outcome.SUCCESS,
                server.agentVersion() + " -> " + pkg.version());
        return "Upgrade to " + pkg.version() + " sent to " + server.name() + ".";
    }
}

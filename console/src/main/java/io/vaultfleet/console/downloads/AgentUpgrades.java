package io.vaultfleet.console.downloads;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.protocol.AgentVersion;
import io.vaultfleet.protocol.UpgradeAvailable;

/**
 * Pushes the current agent package to a server ("Upgrade agent"), signed with the console's {@link AgentUpgradeKey}
 * (and, for agents from before that key, with the credentials-signing key). How it ended comes back as a report
 * ({@link AgentUpgradeResults}).
 */
@Service
public class AgentUpgrades {
    private final AgentRelease release;
    private final ConsoleSigningKey key;
    private final AgentUpgradeKey upgradeKey;
    private final FleetService fleet;
    private final AuditLog audit;

    AgentUpgrades(AgentRelease release, ConsoleSigningKey key, AgentUpgradeKey upgradeKey, FleetService fleet,
                  AuditLog audit) {
        this.release = release;
        this.key = key;
        this.upgradeKey = upgradeKey;
        this.fleet = fleet;
        this.audit = audit;
    }

    /** The version an upgrade would install, or empty when this console has no agent package. */
    public Optional<String> offeredVersion() {
        try {
            return release.current().map(AgentRelease.AgentPackage::version);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What an offer to a server would be: an upgrade, an older version (only as an explicit rollback), or nothing. */
    public enum Direction { NEWER, SAME, OLDER, UNKNOWN }

    /** How the package this console offers compares with what {@code agentVersion} runs. */
    public Direction directionFor(String agentVersion) {
        var offered = offeredVersion();
        if (offered.isEmpty()) {
            return Direction.UNKNOWN;
        }
        if (offered.get().equals(agentVersion)) {
            return Direction.SAME;
        }
        try {
            return AgentVersion.parse(offered.get()).isBelow(AgentVersion.parse(agentVersion)) ? Direction.OLDER
                    : Direction.NEWER;
        } catch (IllegalArgumentException | NullPointerException e) {
            return Direction.UNKNOWN;
        }
    }

    /** Offers the current package as an upgrade; refused when it is older than what the server runs. */
    @PreAuthorize("hasRole('CONTRIBUTOR')")
    public String offer(UUID serverId) {
        return offer(serverId, false);
    }

    /**
     * Offers the current package to a connected server; the message says what happened, for the admin. An older
     * package goes only with {@code rollback}, which the upgrade key signs, so agents install it only as that explicit
     * choice.
     */
    @PreAuthorize("hasRole('CONTRIBUTOR')")
    public String offer(UUID serverId, boolean rollback) {
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
        Direction direction = directionFor(server.agentVersion());
        if (direction == Direction.OLDER && !rollback) {
            throw new IllegalStateException("Agent " + pkg.version() + " is older than the " + server.agentVersion()
                    + " that " + server.name() + " runs: offer it only as an explicit rollback.");
        }
        if (rollback && direction != Direction.OLDER) {
            throw new IllegalStateException("Agent " + pkg.version() + " is not older than the " + server.agentVersion()
                    + " that " + server.name() + " runs: that is an upgrade, not a rollback.");
        }
        UpgradeAvailable offer = new UpgradeAvailable(pkg.version(), pkg.sha256(), pkg.bytes().length,
                key.signer().signAgentPackage(pkg.version(), pkg.sha256()),
                upgradeKey.signOffer(pkg.version(), pkg.sha256(), rollback), rollback);
        if (!fleet.sendTo(serverId, offer)) {
            throw new IllegalStateException(server.name() + " is offline: the upgrade can be pushed when it is connected.");
        }
        audit.record(rollback ? "agent.rollback.offer" : "agent.upgrade.offer", "server:" + serverId,
                AuditLog.Outcome.SUCCESS, server.agentVersion() + " -> " + pkg.version());
        return (rollback ? "Rollback to " : "Upgrade to ") + pkg.version() + " sent to " + server.name() + ".";
    }
}

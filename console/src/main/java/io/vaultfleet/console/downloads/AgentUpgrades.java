package io.vaultfleet.console.downloads;

import java.io.IOException;
import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.fleet.AgentReportHandler;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.ui.ConsoleNotice;
import io.vaultfleet.protocol.UpgradeAvailable;
import io.vaultfleet.protocol.UpgradeResult;

/**
 * Pushes the current agent package to a server ("Upgrade agent"), signed with the console's key, and records how it
 * ended when the agent reports back (upgraded, rejected, rolled back).
 */
@Service
public class AgentUpgrades implements AgentReportHandler<UpgradeResult> {
    private static final Logger log = LoggerFactory.getLogger(AgentUpgrades.class);

    private final AgentRelease release;
    private final ConsoleSigningKey key;
    private final FleetService fleet;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AgentUpgrades(AgentRelease release, ConsoleSigningKey key, FleetService fleet, AuditLog audit,
                  ApplicationEventPublisher events, Clock clock) {
        this.release = release;
        this.key = key;
        this.fleet = fleet;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
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

    @Override
    public Class<UpgradeResult> reportType() {
        return UpgradeResult.class;
    }

    @Override
    @Transactional
    public void store(ReportingServer server, UpgradeResult report) {
        AuditLog.Outcome outcome = report.outcome() == UpgradeResult.Outcome.UPGRADED ? AuditLog.Outcome.SUCCESS
                : AuditLog.Outcome.FAILED;
        audit.recordAs("server:" + server.id(), "agent.upgrade." + report.outcome().name().toLowerCase(),
                "server:" + server.id(), outcome, report.fromVersion() + " -> " + report.toVersion() + ": " + report.detail());
        ConsoleNotice.Level level = switch (report.outcome()) {
            case UPGRADED -> ConsoleNotice.Level.SUCCESS;
            case REJECTED -> ConsoleNotice.Level.ERROR;
            case ROLLED_BACK -> ConsoleNotice.Level.WARNING;
        };
        String title = switch (report.outcome()) {
            case UPGRADED -> "Agent on " + server.name() + " upgraded to " + report.toVersion();
            case REJECTED -> "Agent on " + server.name() + " rejected version " + report.toVersion();
            case ROLLED_BACK -> "Agent on " + server.name() + " rolled back to " + report.fromVersion();
        };
        events.publishEvent(new ConsoleNotice(level, title, report.detail(), clock.instant()));
        log.info("{}: {}", title, report.detail());
    }
}

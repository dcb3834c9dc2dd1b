package io.vaultfleet.console.downloads;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.fleet.AgentReportHandler;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.ui.ConsoleNotice;
import io.vaultfleet.protocol.UpgradeResult;

/** Records how a pushed upgrade ended (upgraded, rejected, rolled back): audit entry and a notification. */
@Component
class AgentUpgradeResults implements AgentReportHandler<UpgradeResult> {
    private static final Logger log = LoggerFactory.getLogger(AgentUpgradeResults.class);

    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AgentUpgradeResults(AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.audit = audit;
        this.events = events;
        this.clock = clock;
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
        events.publishEvent(new ConsoleNotice(level, title, report.detail(), clock.instant(), server.vaultId()));
        log.info("{}: {}", title, report.detail());
    }
}

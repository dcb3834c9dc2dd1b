package io.vaultfleet.console.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.vaultfleet.console.fleet.AgentVersionPolicy;
import io.vaultfleet.console.fleet.FleetRoster;
import io.vaultfleet.console.fleet.ServerStatus;
import io.vaultfleet.console.fleet.ServerStatusChanged;
import io.vaultfleet.console.fleet.ServerUnregistered;
import io.vaultfleet.console.jobs.BackupJobEnded;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.platform.OrderedWork;
import io.vaultfleet.protocol.JobStage;

/**
 * The alert rules. Job results and connections raise and clear alerts as agents report them; the time-based rules
 * (offline too long, unsupported agent, soft delete off, backup missed) run every {@code evaluate-interval} against the
 * whole fleet, reading the injected clock, and clear what no longer holds.
 */
@Component
class AlertRules implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(AlertRules.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Failures while writing to the vault's storage, as the agent's stores word them. */
    private static final Pattern STORAGE = Pattern.compile(
            "(?i)\\b(storage|blob|container|sas|upload|no space|disk full|quota|permission denied|access denied"
                    + "|authorizationfailure|authenticationfailed|40[13]|5\\d\\d)\\b");

    private final AlertService alerts;
    private final AlertRepository repository;
    private final FleetFacts fleet;
    private final AgentVersionPolicy versions;
    private final ObjectProvider<ScheduledBackups> schedules;
    private final MonitoringProperties properties;
    private final Clock clock;
    private final ReconnectChecks reconnects = new ReconnectChecks(this::cameOnline);
    /**
     * Runs {@link #jobEnded} one job at a time, in the order the jobs ended. Run in the reporting thread after the
     * report's commit (as before), each alert check took a second pooled connection while the report's was still
     * held: 1,000 Back Up Now results at once held all ten connections of a PostgreSQL node, each waiting for a
     * second, until the pool's 30 s timeout failed reports and API requests alike (bench/cluster-scale.sh,
     * decision 035). Its queue holds one small record per job that ended and was not checked yet.
     */
    private final OrderedWork jobEnds = new OrderedWork("alert-rules-job-ends");

    AlertRules(AlertService alerts, AlertRepository repository, FleetFacts fleet, AgentVersionPolicy versions,
               ObjectProvider<ScheduledBackups> schedules, MonitoringProperties properties, Clock clock) {
        this.alerts = alerts;
        this.repository = repository;
        this.fleet = fleet;
        this.versions = versions;
        this.schedules = schedules;
        this.properties = properties;
        this.clock = clock;
    }

    // ---- from agent reports ---------------------------------------------------------------------------------

    @TransactionalEventListener(fallbackExecution = true)
    void on(BackupJobEnded job) {
        if (job.vaultId() == null) {
            return;
        }
        // the periodic pass raises what still holds (missed backups); a failed job's alert is logged
        jobEnds.submit(() -> jobEnded(job), () -> "alert rules for job " + job.jobId() + " on server "
                + job.serverName() + " (" + job.status() + ")");
    }

    /** The alerts a job's end raises and clears: run by {@link #jobEnds}. */
    private void jobEnded(BackupJobEnded job) {
        UUID v = job.vaultId();
        UUID s = job.serverId();
        // a job ran: whatever schedule was due before it is no longer missed
        alerts.clear(AlertRule.BACKUP_MISSED, v, s, "a backup ran at " + WHEN.format(job.endedAt()));
        if (job.status() == JobStatus.COMPLETED || job.status() == JobStatus.COMPLETED_WITH_WARNINGS) {
            String why = "backup completed at " + WHEN.format(job.endedAt());
            alerts.clear(AlertRule.BACKUP_FAILED, v, s, why);
            alerts.clear(AlertRule.PRECHECK_FAILED, v, s, why);
            alerts.clear(AlertRule.STORAGE_ERROR, v, s, why);
            if (job.status() == JobStatus.COMPLETED) {
                alerts.clear(AlertRule.BACKUP_COMPLETED_WITH_WARNINGS, v, s, "backup completed without warnings at "
                        + WHEN.format(job.endedAt()));
            } else {
                alerts.raise(new AlertCause(AlertRule.BACKUP_COMPLETED_WITH_WARNINGS, v, s,
                        "Backup completed with warnings on " + job.serverName(),
                        job.detail() == null || job.detail().isBlank() ? "some items were not backed up" : job.detail()));
            }
            return;
        }
        if (job.status() != JobStatus.FAILED) {
            return;
        }
        String detail = job.detail() == null || job.detail().isBlank() ? "no reason given by the agent" : job.detail();
        if (job.lastStage() == JobStage.PRECHECK) {
            alerts.raise(new AlertCause(AlertRule.PRECHECK_FAILED, v, s,
                    "Precheck failing on " + job.serverName(), detail));
            return;
        }
        // it got past the prechecks, so they pass now
        alerts.clear(AlertRule.PRECHECK_FAILED, v, s, "prechecks passed at " + WHEN.format(job.endedAt()));
        if (isStorageError(job.lastStage(), detail)) {
            alerts.raise(new AlertCause(AlertRule.STORAGE_ERROR, v, s,
                    "Storage error in backup of " + job.serverName(), detail));
        } else {
            alerts.raise(new AlertCause(AlertRule.BACKUP_FAILED, v, s, "Backup failed on " + job.serverName(), detail));
        }
    }

    static boolean isStorageError(JobStage stage, String detail) {
        return (stage == JobStage.UPLOAD || stage == JobStage.WAITING_FOR_STORAGE || stage == JobStage.FINALIZE)
                && STORAGE.matcher(detail).find();
    }

    /**
     * A server came online: its offline alert clears and its agent version is checked — on {@link #reconnects}' one
     * thread, not in the agent's hello. Run after the hello's commit in the hello's thread (as before), each check
     * took a second pooled connection while the hello's was still held, so a burst of ~100 hellos on PostgreSQL
     * exhausted the pool (docs/decisions/031).
     */
    @TransactionalEventListener(fallbackExecution = true)
    void on(ServerStatusChanged change) {
        if (change.status() != ServerStatus.ONLINE) {
            return; // offline for long enough is the periodic rule's business
        }
        reconnects.add(change.serverId(), change.at());
    }

    /** What {@link #on(ServerStatusChanged)} queued, for one server: run by {@link #reconnects}. */
    private void cameOnline(UUID serverId, Instant at) {
        Optional<FleetRoster.Server> server = fleet.server(serverId);
        if (server.isPresent() && !ServerStatus.ONLINE.name().equals(server.get().status())) {
            return; // it went offline again meanwhile: the periodic rule decides
        }
        alerts.clear(AlertRule.AGENT_OFFLINE, null, serverId, "agent reconnected at " + WHEN.format(at));
        server.ifPresent(this::checkVersion);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ServerUnregistered gone) {
        for (Alert alert : repository.page(AlertQuery.open().forServer(gone.serverId()), 0, 500)) {
            alerts.clear(alert.rule(), alert.vaultId(), alert.serverId(), "server unregistered");
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        reconnects.close();
        // the jobs that ended before the shutdown get their alerts: a few queries each
        jobEnds.close();
    }

    /** Waits until the alert rules of every job that ended so far have run (tests). */
    void awaitJobEnds() throws InterruptedException, ExecutionException {
        jobEnds.awaitIdle();
    }

    private void checkVersion(FleetRoster.Server server) {
        if (versions.standingOf(server.agentVersion()) == AgentVersionPolicy.Standing.UPGRADE_REQUIRED) {
            alerts.raise(new AlertCause(AlertRule.AGENT_VERSION_UNSUPPORTED, server.vaultId(), server.id(),
                    "Agent on " + server.name() + " is below the minimum version",
                    "agent " + server.agentVersion() + " is older than the minimum " + versions.minimum()
                            + "; backups are refused until it is upgraded"));
        } else {
            alerts.clear(AlertRule.AGENT_VERSION_UNSUPPORTED, server.vaultId(), server.id(),
                    "agent " + server.agentVersion() + " is supported");
        }
    }

    // ---- periodic -------------------------------------------------------------------------------------------

    @Scheduled(fixedDelayString = "${vaultfleet.monitoring.evaluate-interval:30s}",
            initialDelayString = "${vaultfleet.monitoring.evaluate-interval:30s}")
    @SchedulerLock(name = "monitoring.alert-rules",
            lockAtLeastFor = "${vaultfleet.monitoring.evaluate-interval:30s}")
    void scheduledEvaluation() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            log.warn("alert evaluation failed; it runs again at the next interval", e);
        }
    }

    /** Runs every time-based rule once. */
    void evaluate() {
        Instant now = clock.instant();
        offline(now);
        agentVersions();
        softDelete();
        missedBackups(now);
        for (Alert orphan : repository.openOfRevokedServers()) {
            alerts.clear(orphan.rule(), orphan.vaultId(), orphan.serverId(), "server unregistered");
        }
    }

    private void offline(Instant now) {
        Set<String> still = new HashSet<>();
        Map<String, Alert> open = repository.openOf(AlertRule.AGENT_OFFLINE);
        for (FleetRoster.Server server : fleet.offlineSince(now.minus(properties.offlineAlertAfter()))) {
            AlertCause cause = new AlertCause(AlertRule.AGENT_OFFLINE, server.vaultId(), server.id(),
                    "Agent on " + server.name() + " is offline",
                    "offline since " + WHEN.format(server.statusSince()) + " (alerted after "
                            + properties.offlineAlertAfter().toMinutes() + " min)");
            still.add(cause.key());
            if (!open.containsKey(cause.key())) {
                alerts.raise(cause);
            }
        }
        clearAllBut(AlertRule.AGENT_OFFLINE, still, "agent online again");
    }

    private void agentVersions() {
        Set<String> still = new HashSet<>();
        Map<String, Alert> open = repository.openOf(AlertRule.AGENT_VERSION_UNSUPPORTED);
        for (String version : fleet.agentVersions()) {
            if (versions.standingOf(version) != AgentVersionPolicy.Standing.UPGRADE_REQUIRED) {
                continue;
            }
            for (FleetRoster.Server server : fleet.withAgentVersion(version)) {
                String key = AlertCause.key(AlertRule.AGENT_VERSION_UNSUPPORTED, server.vaultId(), server.id());
                still.add(key);
                if (!open.containsKey(key)) {
                    checkVersion(server);
                }
            }
        }
        clearAllBut(AlertRule.AGENT_VERSION_UNSUPPORTED, still, "agent version supported");
    }

    private void softDelete() {
        Set<String> still = new HashSet<>();
        Map<String, Alert> open = repository.openOf(AlertRule.SOFT_DELETE_DISABLED);
        for (var vault : fleet.vaultsWithoutSoftDelete().entrySet()) {
            AlertCause cause = new AlertCause(AlertRule.SOFT_DELETE_DISABLED, vault.getKey(), null,
                    "Soft delete is disabled for vault " + vault.getValue(),
                    "deleted backup data of this vault is removed at once and cannot be recovered");
            still.add(cause.key());
            if (!open.containsKey(cause.key())) {
                alerts.raise(cause);
            }
        }
        clearAllBut(AlertRule.SOFT_DELETE_DISABLED, still, "soft delete enabled again");
    }

    private void missedBackups(Instant now) {
        ScheduledBackups schedule = schedules.getIfAvailable();
        if (schedule == null) {
            return;
        }
        Map<UUID, Instant> lastStart = fleet.lastJobStart();
        Set<String> still = new HashSet<>();
        Map<String, Alert> open = repository.openOf(AlertRule.BACKUP_MISSED);
        List<FleetRoster.Server> servers = fleet.servers();
        Map<UUID, Instant> dueBy = schedule.lastDue(servers.stream().map(FleetRoster.Server::id).toList(),
                now.minus(properties.missedBackupGrace()));
        for (FleetRoster.Server server : servers) {
            Optional<Instant> due = Optional.ofNullable(dueBy.get(server.id()));
            if (due.isEmpty()) {
                continue;
            }
            Instant started = lastStart.get(server.id());
            if (started != null && !started.isBefore(due.get())) {
                continue;
            }
            AlertCause cause = new AlertCause(AlertRule.BACKUP_MISSED, server.vaultId(), server.id(),
                    "Scheduled backup missed on " + server.name(),
                    "the backup due at " + WHEN.format(due.get()) + " did not start within "
                            + properties.missedBackupGrace().toMinutes() + " min");
            still.add(cause.key());
            if (!open.containsKey(cause.key())) {
                alerts.raise(cause);
            }
        }
        clearAllBut(AlertRule.BACKUP_MISSED, still, "a backup ran since");
    }

    private void clearAllBut(AlertRule rule, Set<String> stillTrue, String why) {
        for (var open : repository.openOf(rule).entrySet()) {
            if (!stillTrue.contains(open.getKey())) {
                Alert alert = open.getValue();
                alerts.clear(rule, alert.vaultId(), alert.serverId(), why);
            }
        }
    }
}

package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

import io.vaultfleet.console.fleet.AgentVersionPolicy;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.ui.LiveUpdates;
import io.vaultfleet.protocol.BackupNow;

/** Back Up Now and the jobs list. Agents report progress and results through the handlers in this package. */
@Service
public class JobService {
    private final JobRepository jobs;
    private final FleetService fleet;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final LiveUpdates<JobChanged> updates = new LiveUpdates<>();
    private final AgentVersionPolicy versions;

    JobService(JobRepository jobs, FleetService fleet, AuditLog audit, ApplicationEventPublisher events, Clock clock,
               AgentVersionPolicy versions) {
        this.versions = versions;
        this.jobs = jobs;
        this.fleet = fleet;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Back Up Now for one server: a job is created and sent to the agent at once. A server that is offline gets a
     * failed job saying so (the admin sees why nothing happened).
     */
    @PreAuthorize("hasRole('OPERATOR')")
    @Transactional
    public BackupJob backUpNow(UUID serverId, String item, List<String> paths) {
        RegisteredServer server = fleet.find(serverId).orElseThrow(() -> new IllegalArgumentException("No such server."));
        if (server.vaultId() == null) {
            throw new IllegalArgumentException(server.name() + " is not registered in a vault.");
        }
        BackupNow request = new BackupNow(UUID.randomUUID().toString(), item, paths);
        UUID id = UUID.fromString(request.jobId());
        jobs.insert(id, server.vaultId(), serverId, item, String.join("\n", request.paths()), AuditLog.currentActor(),
                clock.instant());
        if (jobs.maintenanceRunning(serverId)) {
            // the clean-up must not remove packs a backup is about to reuse (docs/decisions/012)
            jobs.setStatus(id, JobStatus.FAILED, "retention clean-up of " + server.name() + " is running; "
                    + "back up again when it has finished (usually within a minute)", clock.instant());
        } else if (versions.standingOf(server.agentVersion()) == AgentVersionPolicy.Standing.UPGRADE_REQUIRED) {
            // as MARS refuses backups from agents below its minimum version
            jobs.setStatus(id, JobStatus.FAILED, "upgrade required: agent " + server.agentVersion()
                    + " is older than the minimum " + versions.minimum() + "; upgrade it from the server's page",
                    clock.instant());
        } else if (!fleet.sendTo(serverId, request)) {
            jobs.setStatus(id, JobStatus.FAILED, server.name() + " is offline: the agent did not receive the request",
                    clock.instant());
        }
        audit.record("job.backup-now", "server:" + serverId, AuditLog.Outcome.SUCCESS, item + " job " + id);
        events.publishEvent(new JobChanged(id, serverId, JobStatus.QUEUED));
        return jobs.find(id).orElseThrow();
    }

    /**
     * Starts a job the console runs itself on a server's storage (retention clean-up, purge), only when the server
     * has no queued or running job: returns its id, or empty when the server is busy. For the console's own
     * services, not for views (no user is involved in scheduled runs).
     */
    @Transactional
    public java.util.Optional<UUID> startMaintenance(UUID vaultId, UUID serverId, String operation, String trigger,
                                                     String requestedBy) {
        UUID id = UUID.randomUUID();
        if (!jobs.insertMaintenanceIfIdle(id, vaultId, serverId, operation, trigger, requestedBy, clock.instant())) {
            return java.util.Optional.empty();
        }
        events.publishEvent(new JobChanged(id, serverId, JobStatus.IN_PROGRESS));
        return java.util.Optional.of(id);
    }

    /** Ends a maintenance job with what it did: {@code items} (e.g. blobs removed) and {@code bytes}. */
    @Transactional
    public void finishMaintenance(UUID id, UUID serverId, JobStatus status, String detail, long items, long bytes) {
        String shown = detail != null && detail.length() > 2000 ? detail.substring(0, 1997) + "..." : detail;
        if (jobs.finishMaintenance(id, status, shown, items, bytes, clock.instant())) {
            events.publishEvent(new JobChanged(id, serverId, status));
        }
    }

    /** Maintenance jobs of {@code operation} still marked in progress (left by a console that stopped). */
    @Transactional(readOnly = true)
    public List<UUID> runningMaintenance(String operation) {
        return jobs.running(operation);
    }

    /** One job, for the console's own services. */
    @Transactional(readOnly = true)
    public java.util.Optional<BackupJob> find(UUID id) {
        return jobs.find(id);
    }

    @PreAuthorize("hasRole('READER')")
    @Transactional(readOnly = true)
    public List<BackupJob> list(UUID serverId, int offset, int limit) {
        return jobs.page(serverId, offset, limit);
    }

    @PreAuthorize("hasRole('READER')")
    @Transactional(readOnly = true)
    public long count(UUID serverId) {
        return jobs.count(serverId);
    }

    /** Job changes, delivered inside the subscribing view's UI lock. */
    public LiveUpdates<JobChanged> updates() {
        return updates;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void forward(JobChanged change) {
        updates.publish(change);
    }
}

package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.vaultfleet.console.fleet.AgentVersionPolicy;
import io.vaultfleet.console.fleet.AgentWelcomed;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerQuery;
import io.vaultfleet.console.fleet.ServerSchedules;
import io.vaultfleet.console.fleet.ServerStatus;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.ui.LiveUpdates;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.CancelJob;
import io.vaultfleet.protocol.SkippedItem;

/**
 * Back Up Now (one server, a selection, a whole vault), Cancel, and the jobs list. Agents report progress and results
 * through the handlers in this package; {@link JobWatch} notices jobs whose agent went quiet.
 */
@Service
public class JobService {
    /** How long an on-demand recovery point is kept when the admin does not say: as the Back Up Now wizard offers. */
    public static final int DEFAULT_RETAIN_DAYS = 30;
    /** The longest an on-demand recovery point may be kept (the longest yearly retention MARS allows). */
    public static final int MAX_RETAIN_YEARS = 99;
    /** Servers one Back Up Now may address at once. */
    public static final int MAX_SERVERS = 10_000;

    private final JobRepository jobs;
    private final FleetService fleet;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final LiveUpdates<JobChanged> updates;
    private final AgentVersionPolicy versions;
    private final TransactionTemplate transaction;
    private final AccessControl access;
    private final ServerSchedules schedules;

    JobService(JobRepository jobs, FleetService fleet, AuditLog audit, ApplicationEventPublisher events, Clock clock,
               AgentVersionPolicy versions, PlatformTransactionManager transactions, AccessControl access,
               ServerSchedules schedules) {
        this.access = access;
        this.schedules = schedules;
        this.updates = new LiveUpdates<>(change -> fleet.vaultOf(change.serverId()));
        this.versions = versions;
        this.jobs = jobs;
        this.fleet = fleet;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Back Up Now for one server, kept for {@link #DEFAULT_RETAIN_DAYS}. */
    @PreAuthorize("isAuthenticated()")
    public BackupJob backUpNow(UUID serverId, String item, List<String> paths) {
        return backUpNow(List.of(serverId), item, paths, null).getFirst();
    }

    /**
     * Back Up Now for several servers at once: one job per server, all recorded first, then each request sent. A
     * server that is offline, or whose agent is below the minimum version, gets a failed job saying why (the admin
     * sees why nothing happened there); the others run.
     *
     * @param retainUntil the last day the on-demand recovery point is kept, or {@code null} for
     *                    {@link #DEFAULT_RETAIN_DAYS} from today
     * @throws org.springframework.security.access.AccessDeniedException unless the user is a Backup operator (or
     *         above) at every server's vault
     */
    @PreAuthorize("isAuthenticated()")
    public List<BackupJob> backUpNow(Collection<UUID> serverIds, String item, List<String> paths, LocalDate retainUntil) {
        Map<UUID, List<String>> pathsOf = new LinkedHashMap<>();
        serverIds.forEach(id -> pathsOf.put(id, paths));
        return start(pathsOf, item, retainUntil);
    }

    /** Back Up Now of {@code item} on each server, with the paths each backs up (Files and folders). */
    private List<BackupJob> start(Map<UUID, List<String>> pathsOf, String item, LocalDate retainUntil) {
        Collection<UUID> serverIds = pathsOf.keySet();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate keepTill = retainUntil == null ? today.plusDays(DEFAULT_RETAIN_DAYS) : retainUntil;
        if (!keepTill.isAfter(today)) {
            throw new InvalidInputException("retainUntil", "Retain backup till must be a day after today (" + today + ").");
        }
        if (keepTill.isAfter(today.plusYears(MAX_RETAIN_YEARS))) {
            throw new InvalidInputException("retainUntil", "Retain backup till can be at most " + MAX_RETAIN_YEARS + " years ahead.");
        }
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(serverIds));
        if (ids.isEmpty()) {
            throw new InvalidInputException("servers", "Select at least one server to back up.");
        }
        if (ids.size() > MAX_SERVERS) {
            throw new InvalidInputException("servers", "At most " + MAX_SERVERS + " servers at once.");
        }
        Map<UUID, RegisteredServer> servers = fleet.findAll(ids).stream()
                .collect(Collectors.toMap(RegisteredServer::id, Function.identity()));
        for (UUID id : ids) {
            RegisteredServer server = servers.get(id);
            if (server == null) {
                throw new InvalidInputException("servers", "No such server: " + id + ".");
            }
            if (server.vaultId() == null) {
                throw new InvalidInputException("servers", server.name() + " is not registered in a vault.");
            }
            if (server.revokedAt() != null) {
                throw new InvalidInputException("servers", server.name() + " was unregistered; it takes no backups.");
            }
        }
        servers.values().stream().map(RegisteredServer::vaultId).distinct()
                .forEach(vault -> access.requireAtVault(Role.OPERATOR, vault, "job.backup-now"));
        String by = AuditLog.currentActor();
        List<BackupNow> requests = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            requests.add(new BackupNow(UUID.randomUUID().toString(), item, pathsOf.get(id)));
        }
        // recorded (and committed) before anything is sent: an agent's first answer may come back at once
        Set<UUID> toSend = transaction.execute(status -> {
            Set<UUID> sendable = new HashSet<>();
            List<JobRepository.NewJob> rows = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                RegisteredServer server = servers.get(ids.get(i));
                UUID jobId = UUID.fromString(requests.get(i).jobId());
                rows.add(new JobRepository.NewJob(jobId, server.vaultId(), server.id(), item,
                        String.join("\n", requests.get(i).paths()), by, keepTill));
            }
            jobs.insertOnDemand(rows, clock.instant());
            // one query for all (was one per server: 1,000 round trips for a vault's Back Up Now)
            Set<UUID> maintenance = jobs.maintenanceRunning(ids);
            for (int i = 0; i < ids.size(); i++) {
                RegisteredServer server = servers.get(ids.get(i));
                UUID jobId = UUID.fromString(requests.get(i).jobId());
                if (maintenance.contains(server.id())) {
                    // the clean-up must not remove packs a backup is about to reuse (docs/decisions/012)
                    jobs.setStatus(jobId, JobStatus.FAILED, "retention clean-up of " + server.name() + " is running; "
                            + "back up again when it has finished (usually within a minute)", clock.instant());
                } else if (versions.standingOf(server.agentVersion()) == AgentVersionPolicy.Standing.UPGRADE_REQUIRED) {
                    // as MARS refuses backups from agents below its minimum version
                    jobs.setStatus(jobId, JobStatus.FAILED, "upgrade required: agent " + server.agentVersion()
                            + " is older than the minimum " + versions.minimum() + "; upgrade it from the server's page",
                            clock.instant());
                } else if (server.status() != ServerStatus.ONLINE) {
                    jobs.setStatus(jobId, JobStatus.FAILED, server.name() + " is offline: the agent did not receive the request",
                            clock.instant());
                } else {
                    sendable.add(jobId);
                }
            }
            audit.record("job.backup-now", ids.size() == 1 ? "server:" + ids.getFirst() : ids.size() + " servers",
                    AuditLog.Outcome.SUCCESS, item + ", kept till " + keepTill + (ids.size() == 1 ? ", job " + requests.getFirst().jobId() : ""));
            return sendable;
        });
        Map<UUID, BackupNow> outgoing = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            if (toSend.contains(UUID.fromString(requests.get(i).jobId()))) {
                outgoing.put(ids.get(i), requests.get(i));
            }
        }
        Set<UUID> notSent = fleet.sendToEach(outgoing);
        List<UUID> unreachable = notSent.stream().map(server -> UUID.fromString(outgoing.get(server).jobId())).toList();
        if (!unreachable.isEmpty()) {
            transaction.executeWithoutResult(status -> unreachable.forEach(jobId -> jobs.setStatus(jobId, JobStatus.FAILED,
                    "the server's connection closed before the request was sent; nothing ran", clock.instant())));
        }
        for (int i = 0; i < ids.size(); i++) {
            events.publishEvent(new JobChanged(UUID.fromString(requests.get(i).jobId()), ids.get(i), JobStatus.QUEUED));
        }
        return transaction.execute(status -> jobs.findAll(requests.stream().map(r -> UUID.fromString(r.jobId())).toList()));
    }

    /**
     * Back Up Now for every server registered in a vault that can back up {@code item} (by its operating system and,
     * when it has a policy, what that protects: {@link VaultBackupPlan}); the others are left out. Files and folders
     * back up {@code paths}, or each server's policy folders when none are given. Needs Backup operator at the vault.
     */
    @PreAuthorize("isAuthenticated()")
    public List<BackupJob> backUpVault(UUID vaultId, String item, List<String> paths, LocalDate retainUntil) {
        VaultBackupPlan plan = vaultBackupPlan(vaultId);
        List<String> typed = paths == null ? List.of() : paths;
        Map<UUID, List<String>> runs = plan.runs(item, typed);
        if (runs.isEmpty()) {
            String why = plan.servers().stream().map(s -> s.whyNot(item, typed)).distinct()
                    .collect(Collectors.joining("; "));
            throw new InvalidInputException("item", "No server of this vault backs up " + Formats.itemLabel(item)
                    + ": " + why + ".");
        }
        return start(runs, item, retainUntil);
    }

    /**
     * What a vault-wide Back Up Now would run on each of the vault's registered servers, for the dialog that offers
     * it. Needs Backup operator at the vault (or above).
     *
     * @throws InvalidInputException when there is no such vault or no server is registered in it
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public VaultBackupPlan vaultBackupPlan(UUID vaultId) {
        if (access.vaultPath(vaultId).isEmpty()) {
            throw new InvalidInputException("vault", "No such vault.");
        }
        access.requireAtVault(Role.OPERATOR, vaultId, "job.backup-vault");
        List<RegisteredServer> servers = fleet.list(ServerQuery.inVault(vaultId), 0, MAX_SERVERS).stream()
                .filter(s -> s.revokedAt() == null).toList();
        if (servers.isEmpty()) {
            throw new InvalidInputException("servers", "No server is registered in this vault yet.");
        }
        Map<UUID, ServerSchedules.Summary> policies = schedules.forServers(servers.stream().map(RegisteredServer::id)
                .toList());
        return new VaultBackupPlan(servers.stream().map(s -> {
            ServerSchedules.Summary p = policies.get(s.id());
            return p == null || p.policyName() == null ? new VaultBackupPlan.Server(s, null, List.of(), List.of())
                    : new VaultBackupPlan.Server(s, p.policyName(), p.items(), p.include());
        }).toList());
    }

    /**
     * Cancel: the agent is asked to stop the job and reports it {@code CANCELLED}. When the agent is offline the
     * request waits and is sent when it reconnects; a job that ends on its own meanwhile keeps its real outcome.
     */
    @PreAuthorize("isAuthenticated()")
    public BackupJob cancel(UUID jobId) {
        BackupJob job = jobs.find(jobId).orElseThrow(() -> new InvalidInputException("job", "No such job."));
        access.requireAtVault(Role.OPERATOR, job.vaultId(), "job.cancel");
        if (job.status().finished()) {
            throw new InvalidInputException("job", "This job has already ended (" + job.status().label() + ").");
        }
        if (!job.cancellable()) {
            throw new InvalidInputException("job", "Only backups and restores run by an agent can be cancelled.");
        }
        String by = AuditLog.currentActor();
        transaction.executeWithoutResult(status -> {
            jobs.requestCancel(jobId, by, clock.instant());
            audit.record("job.cancel", "job:" + jobId, AuditLog.Outcome.SUCCESS, job.serverName());
        });
        JobStatus status = job.status();
        if (fleet.withdrawCommand(job.serverId(), jobId.toString()) && status == JobStatus.QUEUED) {
            // its Back Up Now never reached the agent: nothing runs there, the job ends here (the cancel below is
            // still sent, for an agent that got the command and has not reported yet)
            status = JobStatus.CANCELLED;
            transaction.executeWithoutResult(tx -> jobs.setStatus(jobId, JobStatus.CANCELLED,
                    "Cancelled by " + by + " before the backup reached the server", clock.instant()));
        }
        fleet.sendTo(job.serverId(), new CancelJob(jobId.toString(), by));
        events.publishEvent(new JobChanged(jobId, job.serverId(), status));
        return jobs.find(jobId).orElseThrow();
    }

    /**
     * Records a restore job (QUEUED, committed before the agent is asked, since its first answer may come at once) on
     * {@code target} reading the backups of {@code sourceServerId}. For the Recover Data feature, which has checked
     * that the user is a Backup operator at the vault; checked again here.
     */
    @PreAuthorize("isAuthenticated()")
    public BackupJob recordRestore(UUID jobId, RegisteredServer target, UUID sourceServerId, String mode,
                                   String recoveryPointId) {
        access.requireAtVault(Role.OPERATOR, target.vaultId(), "job.restore");
        String by = AuditLog.currentActor();
        transaction.executeWithoutResult(status -> jobs.insertRestore(jobId, target.vaultId(), target.id(),
                sourceServerId, mode, recoveryPointId, by, clock.instant()));
        events.publishEvent(new JobChanged(jobId, target.id(), JobStatus.QUEUED));
        return jobs.find(jobId).orElseThrow();
    }

    /** A recorded job whose request never reached its agent: failed with the reason (nothing ran). */
    public void failUnsent(UUID jobId, UUID serverId, String reason) {
        transaction.executeWithoutResult(status -> jobs.setStatus(jobId, JobStatus.FAILED, reason, clock.instant()));
        events.publishEvent(new JobChanged(jobId, serverId, JobStatus.FAILED));
    }

    /** Whether the job is still queued or running (a restore's session stays open while it is). */
    @Transactional(readOnly = true)
    public boolean open(UUID jobId) {
        return jobs.find(jobId).map(j -> !j.status().finished()).orElse(false);
    }

    /** A server that comes back gets the cancel requests it missed. */
    @EventListener
    void resendCancels(AgentWelcomed welcomed) {
        for (BackupJob job : jobs.cancelsPending(welcomed.serverId())) {
            fleet.sendTo(job.serverId(), new CancelJob(job.id().toString(), job.cancelRequestedBy()));
        }
    }

    /**
     * Starts a job the console runs itself on a server's storage (retention clean-up, purge), only when the server
     * has no queued or running job: returns its id, or empty when the server is busy. For the console's own
     * services, not for views (no user is involved in scheduled runs).
     */
    @Transactional
    public Optional<UUID> startMaintenance(UUID vaultId, UUID serverId, JobOperation operation, String trigger,
                                                     String requestedBy) {
        if (operation.runByAgent()) {
            throw new IllegalArgumentException(operation + " runs on an agent, not as the console's maintenance");
        }
        UUID id = UUID.randomUUID();
        if (!jobs.insertMaintenanceIfIdle(id, vaultId, serverId, operation.name(), trigger, requestedBy,
                clock.instant())) {
            return Optional.empty();
        }
        events.publishEvent(new JobChanged(id, serverId, JobStatus.IN_PROGRESS));
        return Optional.of(id);
    }

    /** Ends a maintenance job with what it did: {@code items} (e.g. blobs removed) and {@code bytes}. */
    @Transactional
    public void finishMaintenance(UUID id, UUID serverId, JobStatus status, String detail, long items, long bytes) {
        String shown = detail != null && detail.length() > 2000 ? detail.substring(0, 1997) + "..." : detail;
        if (jobs.finishMaintenance(id, status, shown, items, bytes, clock.instant())) {
            events.publishEvent(new JobChanged(id, serverId, status));
        }
    }

    /**
     * Back Up Now's "Retain backup till" per recovery point of a server (the latest day when several jobs name one),
     * for retention. For the console's own services.
     */
    @Transactional(readOnly = true)
    public Map<String, LocalDate> retainTillByRecoveryPoint(UUID serverId) {
        return jobs.retainTill(serverId);
    }

    /** Maintenance jobs of {@code operation} still marked in progress (left by a console that stopped). */
    @Transactional(readOnly = true)
    public List<BackupJob> runningMaintenance(String operation) {
        return jobs.running(operation).stream().map(jobs::find).flatMap(Optional::stream).toList();
    }

    // Jobs belong to their vault: lists hold only jobs of vaults the user may read (filtered in the query), and a job
    // or a server's history of a vault they may not read is refused.

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<BackupJob> list(UUID serverId, int offset, int limit) {
        requireReadableServer(serverId);
        return jobs.page(JobQuery.forServer(serverId), access.reach(Role.READER), offset, limit);
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<BackupJob> list(JobQuery query, int offset, int limit) {
        return jobs.page(query, access.reach(Role.READER), offset, limit);
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public long count(JobQuery query) {
        return jobs.count(query, access.reach(Role.READER));
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public long count(UUID serverId) {
        requireReadableServer(serverId);
        return jobs.count(JobQuery.forServer(serverId), access.reach(Role.READER));
    }

    /** The server's first backup that completed (with or without warnings), if there is one. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Optional<BackupJob> initialBackup(UUID serverId) {
        requireReadableServer(serverId);
        return jobs.firstCompletedBackup(serverId);
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Optional<BackupJob> find(UUID jobId) {
        Optional<BackupJob> job = jobs.find(jobId);
        job.ifPresent(j -> access.requireAtVault(Role.READER, j.vaultId(), "job.read"));
        return job;
    }

    /** Whether the signed-in user may cancel the job (Backup operator at its vault), for views that offer it. */
    public boolean mayCancel(BackupJob job) {
        return access.allowsAtVault(Role.OPERATOR, job.vaultId());
    }

    /** Whether the signed-in user is a Backup operator at some vault (views offer Back Up Now only then). */
    public boolean mayBackUpSomewhere() {
        return !access.reach(Role.OPERATOR).nothing();
    }

    /** Whether the signed-in user may run Back Up Now in the vault, for views that offer it. */
    public boolean mayBackUp(UUID vaultId) {
        return access.allowsAtVault(Role.OPERATOR, vaultId);
    }

    private void requireReadableServer(UUID serverId) {
        fleet.find(serverId);
    }

    /** The items job {@code jobId} could not back up, in the agent's order (the first 1,000). */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<SkippedItem> skippedItems(UUID jobId) {
        jobs.find(jobId).ifPresent(j -> access.requireAtVault(Role.READER, j.vaultId(), "job.read"));
        return jobs.skipped(jobId);
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

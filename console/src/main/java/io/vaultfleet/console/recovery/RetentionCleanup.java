package io.vaultfleet.console.recovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.JobOperation;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.recovery.RetentionRepository.Kind;
import io.vaultfleet.console.recovery.RetentionRepository.Tombstone;
import io.vaultfleet.console.storage.ServerStorage;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultLookup;

/**
 * Retention clean-up (docs/decisions/012-retention-cleanup.md). Expiring recovery points soft-deletes them: their
 * snapshot blobs and the packs no kept point of the server references move under {@code deleted/} in the server's
 * storage, where agents no longer see them, and stay recoverable (undelete) for the vault's soft-delete period; the
 * purge then removes them. Never while the server has a job queued or running; every clean-up and purge is a job
 * with what it removed, and audited. The console holds no repository key: it works from the catalog's pack lists.
 */
@Service
public class RetentionCleanup {
    public static final String OPERATION = JobOperation.RETENTION_CLEANUP.name();
    public static final String PURGE_OPERATION = JobOperation.PURGE.name();
    private static final Logger log = LoggerFactory.getLogger(RetentionCleanup.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** What a clean-up did. {@code bytes} counts the blobs it moved (packs and snapshots). */
    public record Result(Outcome outcome, UUID jobId, List<String> recoveryPoints, List<String> packs, long bytes,
                         String detail) {
    }

    public enum Outcome { COMPLETED, POSTPONED, FAILED }

    /**
     * Temporary files of interrupted uploads older than this are removed by a clean-up. The clean-up runs only while
     * the server has no job, but a backup run by hand on the server is unknown to the console: an upload in progress
     * rewrites its temporary file continuously, so an hour without a change means nobody is writing it.
     */
    static final Duration TEMP_FILE_MIN_AGE = Duration.ofHours(1);

    private final RetentionRepository repo;
    private final JobService jobs;
    private final ServerStorage storage;
    private final VaultLookup vaults;
    private final AccessControl access;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final List<ExpiryDecision> decisions;

    RetentionCleanup(RetentionRepository repo, JobService jobs, ServerStorage storage, VaultLookup vaults,
                     AccessControl access, AuditLog audit, Clock clock, PlatformTransactionManager transactions,
                     List<ExpiryDecision> decisions) {
        this.repo = repo;
        this.jobs = jobs;
        this.storage = storage;
        this.vaults = vaults;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.decisions = List.copyOf(decisions);
    }

    /**
     * Expires {@code recoveryPointIds} (the agent's ids) of a server now, for {@code reason}. Refused with a clear
     * message when one is not a kept point of that server; {@link Outcome#POSTPONED} (nothing changed) while the
     * server has a job queued or running.
     */
    public Result run(UUID serverId, Set<String> recoveryPointIds, String reason) {
        if (recoveryPointIds == null || recoveryPointIds.isEmpty()) {
            throw new IllegalArgumentException("name at least one recovery point to expire");
        }
        Set<String> kept = new TreeSet<>(repo.points(serverId, RecoveryPoint.State.ACTIVE).stream()
                .map(RecoveryPoint::recoveryPointId).toList());
        List<String> unknown = recoveryPointIds.stream().filter(id -> !kept.contains(id)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not kept recovery points of server " + serverId + ": "
                    + String.join(", ", unknown));
        }
        Vault vault = vaultOf(serverId);
        Optional<UUID> started = jobs.startMaintenance(vault.id(), serverId, JobOperation.RETENTION_CLEANUP, "SCHEDULED", "system");
        if (started.isEmpty()) {
            audit.recordAs("system", "retention.cleanup", "server:" + serverId, AuditLog.Outcome.DENIED,
                    "postponed: the server has a job queued or running");
            return new Result(Outcome.POSTPONED, null, List.of(), List.of(), 0,
                    "postponed: the server has a job queued or running");
        }
        UUID jobId = started.get();
        Instant now = now();
        Instant purgeAfter = vault.softDeleteEnabled() ? now.plus(Duration.ofDays(vault.softDeleteDays())) : now;
        List<String> points = new ArrayList<>(new TreeSet<>(recoveryPointIds));
        Set<String> packs = Set.of();
        try {
            // the transaction is inside the try: a failure here must end the job, or it would block the server
            packs = tx.execute(status -> {
                repo.softDelete(serverId, points, now, purgeAfter, jobId);
                Set<String> unreferenced = repo.packsOf(serverId, points);
                unreferenced.removeAll(repo.packsOfKeptPoints(serverId));
                unreferenced.removeAll(repo.tombstonedRefs(serverId, Kind.PACK));
                points.forEach(id -> repo.insertTombstone(serverId, Kind.SNAPSHOT, id, now, purgeAfter, jobId));
                unreferenced.forEach(id -> repo.insertTombstone(serverId, Kind.PACK, id, now, purgeAfter, jobId));
                return unreferenced;
            });
            ServerStorage.Container container = storage.open(vault.locationId(), vault.id(), serverId);
            List<String> missing = move(container, repo.unmoved(serverId));
            List<Tombstone> moved = repo.tombstonesOfJob(jobId);
            long bytes = moved.stream().mapToLong(t -> Math.max(0, t.sizeBytes())).sum();
            long packBytes = moved.stream().filter(t -> t.kind() == Kind.PACK).mapToLong(t -> Math.max(0, t.sizeBytes())).sum();
            List<String> restored = heal(serverId, container);
            ServerStorage.TempFiles temps = container.removeTemporaryFiles(now.minus(TEMP_FILE_MIN_AGE));
            // counts first: the job's detail is cut at 2,000 characters, and a year's expiry names hundreds of points
            StringBuilder detail = new StringBuilder("Expired ").append(points.size()).append(" recovery point(s) (")
                    .append(reason).append("). Removed ").append(packs.size())
                    .append(" pack(s) no kept recovery point uses (").append(Formats.bytes(packBytes)).append(") and ")
                    .append(points.size()).append(" snapshot(s); ").append(Formats.bytes(bytes)).append(" in all.");
            if (vault.softDeleteEnabled()) {
                detail.append(" Soft-deleted: recoverable until ").append(WHEN.format(purgeAfter)).append('.');
            } else {
                Purged purged = purgeDue(serverId, container, now);
                detail.append(" Soft delete is off: deleted at once (").append(purged.blobs()).append(" blob(s)).");
            }
            detail.append(" Points: ").append(String.join(", ", points.stream().limit(40).map(RetentionCleanup::shortId).toList()))
                    .append(points.size() > 40 ? " and " + (points.size() - 40) + " more." : ".");
            if (!missing.isEmpty()) {
                detail.append(" Already missing from storage: ").append(String.join(", ", missing)).append('.');
            }
            if (!restored.isEmpty()) {
                detail.append(" Kept because a newer recovery point uses them: ").append(restored.size()).append(" blob(s).");
            }
            if (temps.files() > 0) {
                detail.append(" Removed ").append(temps.files()).append(" temporary file(s) of interrupted uploads (")
                        .append(Formats.bytes(temps.bytes())).append(").");
            }
            jobs.finishMaintenance(jobId, serverId, JobStatus.COMPLETED, detail.toString(), packs.size(), bytes);
            audit.recordAs("system", "retention.cleanup", "server:" + serverId, AuditLog.Outcome.SUCCESS,
                    detail.toString());
            return new Result(Outcome.COMPLETED, jobId, points, List.copyOf(packs), bytes, detail.toString());
        } catch (RuntimeException e) {
            // the points stay soft-deleted with their tombstones: the next pass finishes the moves
            String detail = "Clean-up stopped: " + e.getMessage() + ". Nothing is lost; the next pass completes it.";
            log.warn("retention clean-up of server {} stopped: {}", serverId, e.toString());
            jobs.finishMaintenance(jobId, serverId, JobStatus.FAILED, detail, 0, 0);
            audit.recordAs("system", "retention.cleanup", "server:" + serverId, AuditLog.Outcome.FAILED, detail);
            return new Result(Outcome.FAILED, jobId, points, List.copyOf(packs), 0, detail);
        }
    }

    /**
     * The scheduled pass: expires what the {@link ExpiryDecision}s say for every server, finishes interrupted
     * clean-ups and purges what is past its soft-delete period.
     */
    @Scheduled(fixedDelayString = "${vaultfleet.retention.interval:1h}",
            initialDelayString = "${vaultfleet.retention.initial-delay:10m}")
    @SchedulerLock(name = "recovery.retention",
            lockAtLeastFor = "${vaultfleet.retention.interval:1h}")
    public void scheduledPass() {
        pass();
    }

    public void pass() {
        Instant now = now();
        for (UUID serverId : repo.serversWithActivePoints()) {
            try {
                List<RecoveryPoint> kept = repo.points(serverId, RecoveryPoint.State.ACTIVE).stream()
                        .filter(p -> p.undeletedAt() == null).toList();
                Map<String, String> expired = new LinkedHashMap<>();
                for (ExpiryDecision decision : decisions) {
                    decision.expired(serverId, kept, now).forEach(id -> expired.putIfAbsent(id, decision.reason()));
                }
                if (!expired.isEmpty()) {
                    run(serverId, expired.keySet(), String.join("; ", new TreeSet<>(expired.values())));
                }
            } catch (RuntimeException e) {
                log.warn("retention of server {} failed: {}", serverId, e.toString());
            }
        }
        for (UUID serverId : repo.serversWithTombstones()) {
            try {
                purge(serverId);
            } catch (RuntimeException e) {
                log.warn("purge of server {} failed: {}", serverId, e.toString());
            }
        }
    }

    /**
     * Finishes moves an interrupted clean-up left, brings back what kept points need, and removes for good what is
     * past its soft-delete period, as a {@link #PURGE_OPERATION} job; nothing when there is nothing to do, postponed
     * while the server has a job running.
     */
    public Optional<Result> purge(UUID serverId) {
        Instant now = now();
        if (repo.unmoved(serverId).isEmpty() && repo.dueForPurge(serverId, now).isEmpty()) {
            return Optional.empty();
        }
        Vault vault = vaultOf(serverId);
        Optional<UUID> started = jobs.startMaintenance(vault.id(), serverId, JobOperation.PURGE, "SCHEDULED", "system");
        if (started.isEmpty()) {
            return Optional.of(new Result(Outcome.POSTPONED, null, List.of(), List.of(), 0,
                    "postponed: the server has a job queued or running"));
        }
        try {
            ServerStorage.Container container = storage.open(vault.locationId(), vault.id(), serverId);
            List<Tombstone> unmoved = repo.unmoved(serverId);
            List<String> missing = move(container, unmoved);
            heal(serverId, container);
            Purged purged = purgeDue(serverId, container, now);
            String finished = unmoved.size() == missing.size() ? "" : "Finished " + (unmoved.size() - missing.size())
                    + " move(s) to the deleted area an interrupted clean-up left. ";
            String detail = finished + "Purged " + purged.points().size() + " recovery point(s) and " + purged.packs().size()
                    + " pack(s), " + Formats.bytes(purged.bytes()) + ", past the vault's soft-delete period"
                    + (purged.points().isEmpty() ? "" : ": " + String.join(", ",
                            purged.points().stream().limit(40).map(RetentionCleanup::shortId).toList())
                            + (purged.points().size() > 40 ? " and " + (purged.points().size() - 40) + " more" : ""))
                    + (missing.isEmpty() ? "." : ". Already missing from storage: " + String.join(", ", missing) + ".");
            jobs.finishMaintenance(started.get(), serverId, JobStatus.COMPLETED, detail, purged.blobs(), purged.bytes());
            audit.recordAs("system", "retention.purge", "server:" + serverId, AuditLog.Outcome.SUCCESS, detail);
            return Optional.of(new Result(Outcome.COMPLETED, started.get(), purged.points(), purged.packs(),
                    purged.bytes(), detail));
        } catch (RuntimeException e) {
            String detail = "Purge stopped: " + e.getMessage() + ". The next pass completes it.";
            log.warn("purge of server {} stopped: {}", serverId, e.toString());
            jobs.finishMaintenance(started.get(), serverId, JobStatus.FAILED, detail, 0, 0);
            audit.recordAs("system", "retention.purge", "server:" + serverId, AuditLog.Outcome.FAILED, detail);
            return Optional.of(new Result(Outcome.FAILED, started.get(), List.of(), List.of(), 0, detail));
        }
    }

    /**
     * Undelete: brings a soft-deleted recovery point back within the soft-delete period (its snapshot and the packs
     * it references return to where the agent reads them), so it can be restored again. Owners and contributors of
     * the vault.
     */
    @PreAuthorize("isAuthenticated()")
    public RecoveryPoint undelete(UUID serverId, String recoveryPointId) {
        RecoveryPoint point = repo.find(serverId, recoveryPointId)
                .orElseThrow(() -> new InvalidInputException("recoveryPoint", "No such recovery point."));
        Vault vault = vaultOf(serverId);
        access.require(Role.CONTRIBUTOR, vault.path(), "recovery-point.undelete");
        Instant now = now();
        if (!point.softDeleted()) {
            throw new InvalidInputException("recoveryPoint", "Recovery point " + shortId(recoveryPointId)
                    + " is not deleted.");
        }
        if (!now.isBefore(point.purgeAfter())) {
            audit.record("recovery-point.undelete", "server:" + serverId, AuditLog.Outcome.DENIED,
                    recoveryPointId + ": soft-delete period over");
            throw new InvalidInputException("recoveryPoint", "The soft-delete period of recovery point "
                    + shortId(recoveryPointId) + " ended on " + WHEN.format(point.purgeAfter())
                    + ": its data is purged and cannot be brought back.");
        }
        ServerStorage.Container container = storage.open(vault.locationId(), vault.id(), serverId);
        Set<String> tombstoned = repo.tombstonedRefs(serverId, Kind.PACK);
        Set<String> stored = container.list("packs/").keySet();
        List<String> lost = repo.packsOf(serverId, List.of(recoveryPointId)).stream()
                .filter(p -> !tombstoned.contains(p) && !stored.contains(Kind.PACK.blobName(p))).toList();
        if (!lost.isEmpty()) {
            audit.record("recovery-point.undelete", "server:" + serverId, AuditLog.Outcome.FAILED,
                    recoveryPointId + ": " + lost.size() + " pack(s) no longer stored");
            throw new InvalidInputException("recoveryPoint", "Recovery point " + shortId(recoveryPointId)
                    + " cannot be brought back: " + lost.size() + " of its packs are no longer stored ("
                    + String.join(", ", lost.stream().map(RetentionCleanup::shortId).toList()) + ").");
        }
        tx.executeWithoutResult(status -> repo.undelete(serverId, recoveryPointId, now));
        List<String> restored = heal(serverId, container);
        audit.record("recovery-point.undelete", "server:" + serverId, AuditLog.Outcome.SUCCESS,
                recoveryPointId + ": " + restored.size() + " blob(s) restored");
        return repo.find(serverId, recoveryPointId).orElseThrow();
    }

    /** Sets Back Up Now's "retain till" of a point (null: none); for the jobs feature when the agent reports it. */
    public void retainUntil(UUID serverId, String recoveryPointId, Instant until) {
        repo.setRetainUntil(serverId, recoveryPointId, until);
    }

    /** A new recovery point may reuse a pack a clean-up just soft-deleted (the agent started before): bring it back. */
    @TransactionalEventListener(fallbackExecution = true)
    void reported(RecoveryPointReported report) {
        try {
            if (!repo.neededByKeptPoints(report.serverId()).isEmpty()) {
                Vault vault = vaultOf(report.serverId());
                heal(report.serverId(), storage.open(vault.locationId(), vault.id(), report.serverId()));
            }
        } catch (RuntimeException e) {
            log.error("could not restore soft-deleted packs recovery point {} of server {} uses: {}",
                    report.recoveryPointId(), report.serverId(), e.toString());
        }
    }

    /** A console that stopped mid-clean-up left its job in progress: end it; the next pass finishes the work. */
    @EventListener(ApplicationReadyEvent.class)
    public void endInterruptedJobs() {
        for (String operation : List.of(OPERATION, PURGE_OPERATION)) {
            for (var job : jobs.runningMaintenance(operation)) {
                jobs.finishMaintenance(job.id(), job.serverId(), JobStatus.FAILED,
                        "Interrupted: the console stopped. Nothing is lost; the next pass completes it.", 0, 0);
            }
        }
    }

    private record Purged(List<String> points, List<String> packs, long bytes) {
        int blobs() {
            return points.size() + packs.size();
        }
    }

    /** Moves tombstoned blobs under deleted/; returns the ones that were already gone from storage. */
    private List<String> move(ServerStorage.Container container, List<Tombstone> tombstones) {
        List<String> missing = new ArrayList<>();
        for (Tombstone t : tombstones) {
            try {
                container.move(t.blobName(), t.deletedName());
                repo.markMoved(t.serverId(), t.blobName(), container.size(t.deletedName()));
            } catch (ServerStorage.MissingBlobException e) {
                log.warn("server {}: {} was already missing from storage", t.serverId(), t.blobName());
                repo.deleteTombstone(t.serverId(), t.blobName());
                missing.add(t.blobName());
            }
        }
        return missing;
    }

    /** Moves back every soft-deleted blob a kept point needs; returns their names. */
    private List<String> heal(UUID serverId, ServerStorage.Container container) {
        List<String> restored = new ArrayList<>();
        for (Tombstone t : repo.neededByKeptPoints(serverId)) {
            container.move(t.deletedName(), t.blobName());
            repo.deleteTombstone(serverId, t.blobName());
            restored.add(t.blobName());
        }
        if (!restored.isEmpty()) {
            audit.recordAs("system", "retention.restore", "server:" + serverId, AuditLog.Outcome.SUCCESS,
                    restored.size() + " soft-deleted blob(s) a kept recovery point needs were brought back: "
                            + String.join(", ", restored.stream().limit(20).toList()));
        }
        return restored;
    }

    private Purged purgeDue(UUID serverId, ServerStorage.Container container, Instant now) {
        List<String> points = new ArrayList<>();
        List<String> packs = new ArrayList<>();
        long bytes = 0;
        for (Tombstone t : repo.dueForPurge(serverId, now)) {
            container.delete(t.deletedName());
            repo.deleteTombstone(serverId, t.blobName());
            (t.kind() == Kind.PACK ? packs : points).add(t.refId());
            bytes += Math.max(0, t.sizeBytes());
        }
        repo.deletePurgedPoints(serverId, now);
        return new Purged(points, packs, bytes);
    }

    /** Whole milliseconds: the database keeps fewer digits than the clock, and purge compares stored times. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Vault vaultOf(UUID serverId) {
        UUID vaultId = repo.vaultOf(serverId)
                .orElseThrow(() -> new IllegalArgumentException("server " + serverId + " has no recovery points"));
        return vaults.find(vaultId).orElseThrow(() -> new IllegalStateException("vault " + vaultId + " no longer exists"));
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}

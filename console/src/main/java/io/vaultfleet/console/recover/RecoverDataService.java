package io.vaultfleet.console.recover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerQuery;
import io.vaultfleet.console.fleet.ServerStatus;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.recovery.RecoveryPoint;
import io.vaultfleet.console.recovery.RecoveryPointCatalog;
import io.vaultfleet.console.replication.ReplicationStatus;
import io.vaultfleet.console.replication.SecondaryCopies;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultLookup;
import io.vaultfleet.protocol.BrowseFolder;
import io.vaultfleet.protocol.ConsoleMessage;
import io.vaultfleet.protocol.DownloadStart;
import io.vaultfleet.protocol.FolderPage;
import io.vaultfleet.protocol.RecoveryClose;
import io.vaultfleet.protocol.RecoveryKey;
import io.vaultfleet.protocol.RecoveryKeyRequest;
import io.vaultfleet.protocol.RecoveryMode;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.RestoreStart;
import io.vaultfleet.protocol.SealedPassphrase;
import io.vaultfleet.protocol.enrollment.StorageGrant;
import io.vaultfleet.protocol.recovery.RecoveryKeys;

/**
 * Recover Data (MARS's wizard, run from the browser): a session per wizard with the TARGET server's agent, over the
 * backups of the target itself or of another server of the same vault. Every step needs Backup operator (or above)
 * at the vault and is audited; the passphrase of another server reaches this class only sealed to the target's
 * signed one-session key, and is never stored, logged or audited. A session unused for {@link #IDLE} is closed.
 */
@Service
public class RecoverDataService {
    /** A session unused this long is closed on both sides (the agent forgets its key and passphrase). */
    public static final Duration IDLE = Duration.ofMinutes(30);
    /** {@link #whyNoSecondary}'s reason when the vault has no other copy at all (the wizard then hides the choice). */
    public static final String NOT_GEO_REDUNDANT = "The vault is not geo-redundant: it keeps no copy in another region.";
    private static final Logger log = LoggerFactory.getLogger(RecoverDataService.class);

    private final FleetService fleet;
    private final JobService jobs;
    private final RecoveryPointCatalog points;
    private final VaultLookup vaults;
    private final StorageAccessIssuer storage;
    private final AccessControl access;
    private final AuditLog audit;
    private final AgentReplies replies;
    private final RecoveryTransfers transfers;
    private final SecondaryCopies secondaries;
    private final Clock clock;
    private final Duration replyTimeout;
    private final Map<UUID, Open> sessions = new ConcurrentHashMap<>();

    /** A live session: what the wizard chose, when it was last used, and the restore it started (if any). */
    private static final class Open {
        final RecoverySession session;
        volatile Instant lastUsed;
        volatile boolean opened;
        volatile UUID jobId;

        Open(RecoverySession session, Instant now) {
            this.session = session;
            this.lastUsed = now;
        }
    }

    RecoverDataService(FleetService fleet, JobService jobs, RecoveryPointCatalog points, VaultLookup vaults,
                       StorageAccessIssuer storage, AccessControl access, AuditLog audit, AgentReplies replies,
                       RecoveryTransfers transfers, SecondaryCopies secondaries, Clock clock,
                       @Value("${vaultfleet.recover.reply-timeout:30s}") Duration replyTimeout) {
        this.fleet = fleet;
        this.jobs = jobs;
        this.points = points;
        this.vaults = vaults;
        this.storage = storage;
        this.access = access;
        this.audit = audit;
        this.replies = replies;
        this.transfers = transfers;
        this.secondaries = secondaries;
        this.clock = clock;
        this.replyTimeout = replyTimeout;
    }

    /** Whether the signed-in user may recover data to this server (Backup operator at its vault), for views. */
    public boolean mayRecover(RegisteredServer server) {
        return server.vaultId() != null && access.allowsAtVault(Role.OPERATOR, server.vaultId());
    }

    /** Why Recover Data is not offered for this server, or empty when it is (views show the reason). */
    public Optional<String> whyNot(RegisteredServer server) {
        if (server.vaultId() == null) {
            return Optional.of("This server is not registered in a vault.");
        }
        if (!access.allowsAtVault(Role.OPERATOR, server.vaultId())) {
            return Optional.of("Recover Data needs the Backup operator role (or above) at the vault.");
        }
        if (server.revokedAt() != null) {
            return Optional.of("This server was unregistered.");
        }
        return Optional.empty();
    }

    /**
     * Why the <em>Secondary</em> region cannot be chosen for this server's vault (the wizard shows the reason next to
     * the disabled choice), or empty when it can: a geo-redundant vault with Cross Region Restore on and a copy made.
     */
    @PreAuthorize("isAuthenticated()")
    public Optional<String> whyNoSecondary(UUID vaultId) {
        ReplicationStatus status = secondaries.status(vaultId);
        return switch (status.phase()) {
            case NOT_REPLICATED -> Optional.of(NOT_GEO_REDUNDANT);
            case NO_PAIRED_LOCATION -> Optional.of("The vault's location has no paired location: nothing is copied "
                    + "to another region.");
            case WAITING -> Optional.of("The secondary region holds no copy yet (waiting for the first replication).");
            case UP_TO_DATE, LAGGING -> status.crossRegionRestore() ? Optional.empty()
                    : Optional.of("Cross Region Restore is off for this vault (Backup Configuration > Cross Region "
                    + "Restore).");
        };
    }

    /** The servers of the target's vault whose backups it may restore (itself first), for Getting started. */
    @PreAuthorize("isAuthenticated()")
    public List<RegisteredServer> sources(UUID targetId) {
        RegisteredServer target = fleet.find(targetId).orElseThrow(() -> new InvalidInputException("server", "No such server."));
        access.requireAtVault(Role.OPERATOR, target.vaultId(), "recover.read");
        return fleet.list(ServerQuery.inVault(target.vaultId()), 0, 10_000).stream()
                .sorted(Comparator.comparing((RegisteredServer s) -> !s.id().equals(targetId))
                        .thenComparing(RegisteredServer::name))
                .toList();
    }

    /**
     * Getting started: a session on {@code targetId} over the backups of {@code sourceId} (the same server for *This
     * server*). For another server the target is asked for a one-session key, whose signature by its registered
     * identity key is checked before the key is given to the browser.
     */
    @PreAuthorize("isAuthenticated()")
    public RecoverySession begin(UUID targetId, UUID sourceId) {
        return begin(targetId, sourceId, RecoveryCopy.PRIMARY);
    }

    /**
     * Getting started on {@code copy}: from the {@link RecoveryCopy#SECONDARY secondary} region (Cross Region
     * Restore) the target always gets a session key, since the admin types the source's passphrase even for *This
     * server* (see {@link RecoverySession#needsPassphrase()}).
     */
    @PreAuthorize("isAuthenticated()")
    public RecoverySession begin(UUID targetId, UUID sourceId, RecoveryCopy copy) {
        Objects.requireNonNull(copy, "copy");
        RegisteredServer target = fleet.find(targetId).orElseThrow(() -> new InvalidInputException("server", "No such server."));
        if (target.vaultId() == null) {
            throw new InvalidInputException("server", target.name() + " is not registered in a vault.");
        }
        access.requireAtVault(Role.OPERATOR, target.vaultId(), "recover.begin");
        RegisteredServer source = targetId.equals(sourceId) ? target : fleet.find(sourceId)
                .orElseThrow(() -> new InvalidInputException("source", "No such server."));
        if (!target.vaultId().equals(source.vaultId())) {
            audit.record("recover.begin", "server:" + targetId, AuditLog.Outcome.DENIED,
                    "source " + source.name() + " is in another vault");
            throw new InvalidInputException("source", "Only backups of a server registered to the same vault can be "
                    + "recovered on " + target.name() + ".");
        }
        if (target.revokedAt() != null) {
            throw new InvalidInputException("server", target.name() + " was unregistered; it cannot restore.");
        }
        if (copy == RecoveryCopy.SECONDARY) {
            Optional<String> why = whyNoSecondary(target.vaultId());
            if (why.isPresent()) {
                audit.record("recover.begin", "server:" + targetId, AuditLog.Outcome.DENIED, "secondary region: "
                        + why.get());
                throw new InvalidInputException("copy", "No restore from the secondary region: " + why.get());
            }
        }
        if (target.status() != ServerStatus.ONLINE) {
            throw new RecoveryException(target.name() + " is offline: its agent does the restore, so it must be online.");
        }
        UUID id = UUID.randomUUID();
        String publicKey = null;
        Instant expiresAt = null;
        if (!targetId.equals(sourceId) || copy == RecoveryCopy.SECONDARY) {
            var waiting = replies.expect(AgentReplies.keyFor(id), targetId);
            send(target, new RecoveryKeyRequest(id.toString()), AgentReplies.keyFor(id));
            RecoveryKey key = replies.await(AgentReplies.keyFor(id), waiting, RecoveryKey.class, replyTimeout,
                    "session key");
            if (!verified(targetId, key)) {
                audit.record("recover.begin", "server:" + targetId, AuditLog.Outcome.FAILED,
                        "the session key's signature does not match the server's registered key");
                throw new RecoveryException("The session key from " + target.name() + " is not signed by its registered "
                        + "key; nothing was sent to it. Re-register the server if its agent was reinstalled.");
            }
            if (!key.expiresAt().isAfter(clock.instant())) {
                throw new RecoveryException("The session key from " + target.name() + " has already expired; check "
                        + "the server's clock and try again.");
            }
            publicKey = key.publicKey();
            expiresAt = key.expiresAt();
        }
        RecoverySession session = new RecoverySession(id, target.vaultId(), targetId, target.name(), sourceId,
                source.name(), source.osName(), AuditLog.currentActor(), publicKey, expiresAt, copy);
        sessions.put(id, new Open(session, clock.instant()));
        audit.record("recover.begin", "server:" + targetId, AuditLog.Outcome.SUCCESS, "session " + id
                + ", backups of " + source.name() + (session.anotherServer() ? " (another server)" : "") + ", "
                + copy.label().toLowerCase(Locale.ROOT));
        return session;
    }

    private boolean verified(UUID serverId, RecoveryKey key) {
        try {
            byte[] signature = Base64.getDecoder().decode(key.signature());
            return fleet.signedByRegisteredKey(serverId, RecoveryKeys.statement(key.sessionId(), key.publicKey(),
                    key.expiresAt()), signature);
        } catch (IllegalArgumentException e) {
            log.warn("server {} sent a session key with an unreadable signature: {}", serverId, e.getMessage());
            return false;
        }
    }

    /** The source's recovery points, newest first (Select the point). */
    @PreAuthorize("isAuthenticated()")
    public List<RecoveryPoint> recoveryPoints(UUID sessionId) {
        RecoverySession session = use(sessionId).session;
        return points.forServer(session.sourceId()).stream().filter(p -> !p.softDeleted()).toList();
    }

    /**
     * Opens the source's backups on the target: for another server, with read-only access to its storage and the
     * passphrase sealed in the browser. Returns the agent's answer; {@code WRONG_PASSPHRASE} is not an exception
     * (the wizard shows it at the passphrase field, and the admin tries again).
     */
    @PreAuthorize("isAuthenticated()")
    public RecoveryOpened open(UUID sessionId, SealedPassphrase sealed) {
        Open open = use(sessionId);
        RecoverySession session = open.session;
        access.requireAtVault(Role.OPERATOR, session.vaultId(), "recover.open");
        RecoveryOpen request;
        if (session.needsPassphrase()) {
            if (sealed == null) {
                throw new InvalidInputException("passphrase", "Type the passphrase of " + session.sourceName() + ".");
            }
            if (session.copy() == RecoveryCopy.SECONDARY) {
                StorageGrant grant = secondaries.readGrant(session.sourceId()); // refused with the reason, audited
                audit.record("recover.storage-grant", "server:" + session.sourceId(), AuditLog.Outcome.SUCCESS,
                        "read-only to the secondary region's copy for " + session.targetName()
                        + (grant.expiresAt() == null ? "" : ", until " + grant.expiresAt()));
                request = new RecoveryOpen(sessionId.toString(), session.sourceId().toString(), grant.repository(),
                        grant.expiresAt(), sealed);
            } else {
                request = anotherServersBackups(session, sealed);
            }
        } else {
            request = new RecoveryOpen(sessionId.toString(), session.sourceId().toString(), null, null, null);
        }
        var waiting = replies.expect(AgentReplies.openFor(sessionId), session.targetId());
        send(session, request, AgentReplies.openFor(sessionId));
        RecoveryOpened opened = replies.await(AgentReplies.openFor(sessionId), waiting, RecoveryOpened.class,
                replyTimeout, "opening the backups");
        open.opened = opened.result() == RecoveryOpenResult.OPENED;
        audit.record("recover.open", "server:" + session.targetId(), open.opened ? AuditLog.Outcome.SUCCESS
                : AuditLog.Outcome.FAILED, "session " + sessionId + ", backups of " + session.sourceName() + " from the "
                + session.copy().label().toLowerCase(Locale.ROOT) + ": " + opened.result());
        return opened;
    }

    /** recovery-open for another server's backups on the primary: a read-only grant to its storage. */
    private RecoveryOpen anotherServersBackups(RecoverySession session, SealedPassphrase sealed) {
        Vault vault = vaults.find(session.vaultId()).orElseThrow(() -> new RecoveryException("The vault no longer exists."));
        Instant until = clock.instant().plus(StorageAccessIssuer.SAS_VALIDITY);
        StorageGrant grant;
        try {
            grant = storage.issueReadOnly(vault.locationId(), vault.id(), session.sourceId(), until);
        } catch (RuntimeException e) {
            audit.record("recover.storage-grant", "server:" + session.sourceId(), AuditLog.Outcome.FAILED, e.getMessage());
            throw new RecoveryException("The console cannot give " + session.targetName() + " access to the backups "
                    + "of " + session.sourceName() + ": " + e.getMessage());
        }
        audit.record("recover.storage-grant", "server:" + session.sourceId(), AuditLog.Outcome.SUCCESS,
                "read-only for " + session.targetName() + (grant.expiresAt() == null ? "" : ", until " + grant.expiresAt()));
        return new RecoveryOpen(session.id().toString(), session.sourceId().toString(), grant.repository(),
                grant.expiresAt(), sealed);
    }

    /** One page of a folder of the point (Select items); the listing comes from the target agent. */
    @PreAuthorize("isAuthenticated()")
    public FolderPage browse(UUID sessionId, String recoveryPointId, String folder, String cursor, int limit,
                             String nameContains) {
        Open open = requireOpened(sessionId);
        String requestId = UUID.randomUUID().toString();
        BrowseFolder request;
        try {
            request = new BrowseFolder(requestId, sessionId.toString(), recoveryPointId, folder, cursor, limit, nameContains);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("folder", e.getMessage());
        }
        var waiting = replies.expect(AgentReplies.pageFor(requestId), open.session.targetId());
        send(open.session, request, AgentReplies.pageFor(requestId));
        return replies.await(AgentReplies.pageFor(requestId), waiting, FolderPage.class, replyTimeout, "folder listing");
    }

    /**
     * Starts the restore as a job (operation RESTORE) and returns it; its progress and result come as a backup's do.
     * The session stays with the agent until the job ends (the agent then forgets it).
     */
    @PreAuthorize("isAuthenticated()")
    public BackupJob restore(UUID sessionId, RestoreChoice choice) {
        Open open = requireOpened(sessionId);
        RecoverySession session = open.session;
        access.requireAtVault(Role.OPERATOR, session.vaultId(), "recover.restore");
        if (open.jobId != null) {
            throw new RecoveryException("This recovery already started a restore; start Recover Data again for another.");
        }
        check(session, choice);
        UUID jobId = UUID.randomUUID();
        RestoreStart request;
        try {
            request = new RestoreStart(jobId.toString(), sessionId.toString(), choice.recoveryPointId(), choice.mode(),
                    choice.items(), blankToNull(choice.destination()), choice.conflict(), choice.restorePermissions(),
                    blankToNull(choice.systemStateVolume()), choice.runSystemStateRecovery());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException("restore", e.getMessage());
        }
        RegisteredServer target = fleet.find(session.targetId()).orElseThrow();
        BackupJob job = jobs.recordRestore(jobId, target, session.sourceId(), choice.mode().name(), choice.recoveryPointId());
        open.jobId = jobId;
        audit.record("recover.restore", "server:" + session.targetId(), AuditLog.Outcome.SUCCESS, "job " + jobId
                + ", " + choice.mode() + " of " + session.sourceName() + " point " + choice.recoveryPointId() + ", "
                + choice.items().size() + " item(s), to " + (request.destination() == null ? "the original location"
                : "another folder") + ", on conflict " + choice.conflict());
        if (!fleet.sendTo(session.targetId(), request)) {
            jobs.failUnsent(jobId, session.targetId(), session.targetName()
                    + " is not connected: the agent did not receive the request; nothing ran");
        }
        return jobs.find(jobId).orElse(job);
    }

    /** The wizard's checks of a restore's choices, before anything is sent (the API runs them before it opens). */
    void check(RecoverySession session, RestoreChoice choice) {
        if (choice.mode() == null) {
            throw new InvalidInputException("mode", "Choose what to recover: FILES_AND_FOLDERS, SYSTEM_STATE or "
                    + "SYSTEM_CONFIGURATION.");
        }
        if (choice.mode() == RecoveryMode.SYSTEM_STATE && !session.windowsSource()) {
            throw new InvalidInputException("mode", "System State can be recovered only from a Windows server's backups.");
        }
        if (choice.mode() == RecoveryMode.SYSTEM_CONFIGURATION && session.windowsSource()) {
            throw new InvalidInputException("mode", "System configuration can be recovered only from a Linux server's backups.");
        }
        if (points.forServer(session.sourceId()).stream().noneMatch(p -> p.recoveryPointId().equals(choice.recoveryPointId()))) {
            throw new InvalidInputException("recoveryPoint", "No such recovery point of " + session.sourceName() + ".");
        }
        if (choice.items().size() > RestoreStart.MAX_ITEMS) {
            throw new InvalidInputException("items", "At most " + RestoreStart.MAX_ITEMS + " items can be restored at "
                    + "once; choose their folder instead.");
        }
        if (choice.mode() == RecoveryMode.SYSTEM_STATE && blankToNull(choice.systemStateVolume()) == null) {
            throw new InvalidInputException("systemStateVolume", "Choose the volume the System State backup is "
                    + "restored to (a non-critical volume, e.g. E:\\).");
        }
    }

    /**
     * Download (beyond MARS): asks the target agent to stream {@code path} of the point (a folder as a zip) to
     * the console; the browser then fetches {@code /recover/downloads/<transferId>}. Nothing is stored.
     */
    @PreAuthorize("isAuthenticated()")
    public UUID download(UUID sessionId, String recoveryPointId, String path) {
        Open open = requireOpened(sessionId);
        RecoverySession session = open.session;
        access.requireAtVault(Role.OPERATOR, session.vaultId(), "recover.download");
        UUID transferId = UUID.randomUUID();
        DownloadStart request;
        try {
            request = new DownloadStart(transferId.toString(), sessionId.toString(), recoveryPointId, path);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("path", e.getMessage());
        }
        transfers.expect(transferId, session.targetId(), session.vaultId(), session.actor());
        audit.record("recover.download", "server:" + session.targetId(), AuditLog.Outcome.SUCCESS, "transfer "
                + transferId + " from point " + recoveryPointId + " of " + session.sourceName());
        if (!fleet.sendTo(session.targetId(), request)) {
            transfers.failed(transferId, session.targetName() + " is not connected");
            throw new RecoveryException(session.targetName() + " is not connected to the console.");
        }
        return transferId;
    }

    /** The wizard closed: the agent forgets the session (unless a restore runs with it: it ends with the job). */
    @PreAuthorize("isAuthenticated()")
    public void close(UUID sessionId) {
        Open open = sessions.get(sessionId);
        if (open == null || !open.session.actor().equals(AuditLog.currentActor())) {
            return;
        }
        end(open, "closed by " + open.session.actor());
    }

    /** A session of the signed-in user (refused for another user's), marked used. */
    public Optional<RecoverySession> session(UUID sessionId) {
        Open open = sessions.get(sessionId);
        return open != null && open.session.actor().equals(AuditLog.currentActor()) ? Optional.of(open.session) : Optional.empty();
    }

    @Scheduled(fixedDelayString = "${vaultfleet.recover.sweep-interval:60s}")
    void closeIdle() {
        Instant now = clock.instant();
        for (Open open : List.copyOf(sessions.values())) {
            if (open.jobId != null) {
                if (!jobs.open(open.jobId)) {
                    // the agent forgot the session when the job ended
                    sessions.remove(open.session.id());
                }
            } else if (open.lastUsed.plus(IDLE).isBefore(now)) {
                end(open, "unused for " + IDLE.toMinutes() + " min");
            }
        }
    }

    private void end(Open open, String why) {
        if (!sessions.remove(open.session.id(), open)) {
            return;
        }
        replies.forget(AgentReplies.keyFor(open.session.id()));
        replies.forget(AgentReplies.openFor(open.session.id()));
        if (open.jobId == null) {
            fleet.sendTo(open.session.targetId(), new RecoveryClose(open.session.id().toString()));
        }
        audit.recordAs(open.session.actor(), "recover.close", "server:" + open.session.targetId(),
                AuditLog.Outcome.SUCCESS, "session " + open.session.id() + ": " + why);
    }

    private Open use(UUID sessionId) {
        Open open = sessions.get(sessionId);
        if (open == null) {
            throw new RecoveryException("This recovery session has ended (closed, or unused for " + IDLE.toMinutes()
                    + " min). Start Recover Data again.");
        }
        if (!open.session.actor().equals(AuditLog.currentActor())) {
            throw new AccessDeniedException("This recovery session belongs to another user.");
        }
        open.lastUsed = clock.instant();
        return open;
    }

    private Open requireOpened(UUID sessionId) {
        Open open = use(sessionId);
        if (!open.opened) {
            throw new RecoveryException("The backups of " + open.session.sourceName() + " are not open yet.");
        }
        if (open.jobId != null) {
            throw new RecoveryException("This recovery's restore has started; its session is the job's now.");
        }
        return open;
    }

    private void send(RegisteredServer target, ConsoleMessage message, String replyKey) {
        if (!fleet.sendTo(target.id(), message)) {
            replies.forget(replyKey);
            throw new RecoveryException(target.name() + " is not connected to the console; its agent must be online.");
        }
    }

    private void send(RecoverySession session, ConsoleMessage message, String replyKey) {
        if (!fleet.sendTo(session.targetId(), message)) {
            replies.forget(replyKey);
            throw new RecoveryException(session.targetName() + " is not connected to the console; its agent must be online.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

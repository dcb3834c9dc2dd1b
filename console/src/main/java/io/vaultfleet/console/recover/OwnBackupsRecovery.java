package io.vaultfleet.console.recover;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.vaultfleet.console.identity.AuditLog;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.protocol.ConflictPolicy;
import io.vaultfleet.protocol.FolderPage;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;

/**
 * Recover Data without the wizard (the REST API and PowerShell): a server restores from its OWN backups only, so no
 * passphrase is ever asked for (another server's backups need the browser, where the passphrase is sealed to the
 * target's key). Each step is {@link RecoverDataService}'s, with its rights (Backup operator at the vault) and audit.
 * A caller's open session on a server is kept between folder pages and used by the next restore, which then owns it
 * (the agent forgets it when the job ends); an unused one is closed after {@link RecoverDataService#IDLE} as the
 * wizard's are.
 */
@Service
public class OwnBackupsRecovery {
    private final RecoverDataService recover;
    /** actor and server → the caller's open session there (not yet used by a restore). */
    private final Map<String, UUID> opened = new ConcurrentHashMap<>();

    OwnBackupsRecovery(RecoverDataService recover) {
        this.recover = recover;
    }

    /** One page of a folder of the server's own recovery point, listed by its agent. */
    @PreAuthorize("isAuthenticated()")
    public FolderPage browse(UUID serverId, String recoveryPointId, String folder, String cursor, int limit,
                             String nameContains) {
        if (recoveryPointId == null || recoveryPointId.isBlank()) {
            throw new InvalidInputException("recoveryPoint", "Choose a recovery point.");
        }
        // a files-and-folders choice of the whole point: only that the point is the server's is checked
        UUID sessionId = session(serverId, RestoreChoice.files(recoveryPointId, List.of(), null,
                ConflictPolicy.CREATE_COPIES, true));
        FolderPage page = recover.browse(sessionId, recoveryPointId, folder, cursor, limit, nameContains);
        if (page.error() != null) {
            throw new InvalidInputException("folder", page.error());
        }
        return page;
    }

    /**
     * Starts the restore as a job on the server, from its own recovery point; the choices are checked before the
     * agent is asked anything. The session is the job's from then on (closed by the agent when the job ends).
     */
    @PreAuthorize("isAuthenticated()")
    public BackupJob restore(UUID serverId, RestoreChoice choice) {
        UUID sessionId = session(serverId, choice);
        opened.remove(key(serverId), sessionId);
        try {
            return recover.restore(sessionId, choice);
        } catch (RuntimeException e) {
            // nothing started: the agent need not keep the session for a restore that will not come
            recover.close(sessionId);
            throw e;
        }
    }

    /** The caller's open session on the server, or a new one (checking {@code choice} before opening it). */
    private UUID session(UUID serverId, RestoreChoice choice) {
        UUID kept = opened.get(key(serverId));
        Optional<RecoverySession> live = kept == null ? Optional.empty() : recover.session(kept);
        if (live.isPresent()) {
            recover.check(live.get(), choice);
            return kept;
        }
        RecoverySession session = recover.begin(serverId, serverId);
        try {
            recover.check(session, choice);
            RecoveryOpened answer = recover.open(session.id(), null);
            if (answer.result() != RecoveryOpenResult.OPENED) {
                throw new RecoveryException(session.targetName() + " could not open its backups (" + answer.result()
                        + (answer.detail().isBlank() ? "" : ": " + answer.detail()) + ").");
            }
        } catch (RuntimeException e) {
            recover.close(session.id());
            throw e;
        }
        opened.put(key(serverId), session.id());
        return session.id();
    }

    private static String key(UUID serverId) {
        return AuditLog.currentActor() + "|" + serverId;
    }
}

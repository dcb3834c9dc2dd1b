package io.vaultfleet.protocol;

import java.time.Instant;

/**
 * Recover Data: the console asks the TARGET agent to open a recovery point source for browsing and restoring. The
 * agent answers {@link RecoveryOpened}; a wrong passphrase is reported there, before anything is written.
 *
 * @param sessionId             the console's id for this recovery (for another server: the one of the
 *                              {@link RecoveryKeyRequest})
 * @param sourceServerId        the server whose backups are read (the target's own id for *This server*)
 * @param sourceRepository      null for the target's own backups in its own storage; otherwise where the source's
 *                              backups are, read only, for the job's duration: {@code folder:<path>} or
 *                              {@code azure:<container URL with a read/list SAS>} (a secret: never logged). Another
 *                              server's backups, or the secondary region's copy of any server's, the target's own
 *                              included (Cross Region Restore: then its passphrase is sealed too)
 * @param sourceAccessExpiresAt when that access stops working (null for folders or own backups)
 * @param sealedPassphrase      null for the target's own backups (the agent has its passphrase); otherwise the
 *                              source's passphrase sealed to the session key
 */
@MessageType("recovery-open")
public record RecoveryOpen(String sessionId, String sourceServerId, String sourceRepository,
                           Instant sourceAccessExpiresAt, SealedPassphrase sealedPassphrase) implements ConsoleMessage {
    public RecoveryOpen {
        Fields.requireText(sessionId, "sessionId", 64);
        Fields.requireText(sourceServerId, "sourceServerId", 64);
        if (sourceRepository != null) {
            Fields.requireText(sourceRepository, "sourceRepository", 4096);
        }
        if ((sourceRepository == null) != (sealedPassphrase == null)) {
            throw new IllegalArgumentException("another server's backups need both sourceRepository and "
                    + "sealedPassphrase; the target's own need neither");
        }
    }

    /** Whether the backups are another server's. */
    public boolean anotherServer() {
        return sourceRepository != null;
    }

    @Override
    public String toString() {
        int query = sourceRepository == null ? -1 : sourceRepository.indexOf('?');
        String where = query < 0 ? sourceRepository : sourceRepository.substring(0, query) + "?…";
        return "RecoveryOpen[sessionId=" + sessionId + ", sourceServerId=" + sourceServerId + ", sourceRepository="
                + where + ", sourceAccessExpiresAt=" + sourceAccessExpiresAt + ", sealedPassphrase="
                + (sealedPassphrase == null ? "none" : "(sealed)") + "]";
    }
}

package io.vaultfleet.console.recover;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * One Recover Data wizard's session with its target agent. Holds no secret: the session key's public half (for the
 * browser to seal to) and what the admin chose. The sealed passphrase only passes through.
 *
 * @param targetId     the server that restores (its agent does the work)
 * @param sourceId     the server whose backups are read (the target for *This server*)
 * @param sourceOs     the source's operating system name (System State for Windows, System configuration for Linux)
 * @param publicKey    the target's signed one-session key (base64 SPKI), or null for the target's own backups
 * @param keyExpiresAt when the agent forgets that key (null without one)
 * @param copy         which copy is read: the primary, or the secondary region's (Cross Region Restore)
 */
public record RecoverySession(UUID id, UUID vaultId, UUID targetId, String targetName, UUID sourceId,
                              String sourceName, String sourceOs, String actor, String publicKey,
                              Instant keyExpiresAt, RecoveryCopy copy) {
    /** Whether the backups are another server's (a passphrase is needed). */
    public boolean anotherServer() {
        return !targetId.equals(sourceId);
    }

    /**
     * Whether the admin types the source's passphrase (sealed in the browser): for another server's backups, and for
     * the secondary copy of the target's own, since the agent opens any repository it is given by address only with a
     * passphrase sealed to its session key (the protocol's {@code recovery-open} carries both or neither).
     */
    public boolean needsPassphrase() {
        return anotherServer() || copy == RecoveryCopy.SECONDARY;
    }

    /** Whether the source runs Windows (System State can be recovered). */
    public boolean windowsSource() {
        return sourceOs != null && sourceOs.toLowerCase(Locale.ROOT).contains("windows");
    }
}

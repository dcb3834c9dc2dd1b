package io.vaultfleet.console.recovery;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which of a server's kept recovery points have expired: the input of the scheduled retention pass. Every bean of
 * this type is asked and the union expires; implementations only read (no storage access, no side effects). Points an owner
 * or contributor undeleted are never offered (they stay until deleted on purpose).
 */
public interface ExpiryDecision {
    /** The {@link RecoveryPoint#recoveryPointId() recovery point ids} of {@code kept} that expire at {@code now}. */
    Set<String> expired(UUID serverId, List<RecoveryPoint> kept, Instant now);

    /** Why, for the clean-up job's detail and the audit log (e.g. "on-demand retention"). */
    String reason();
}

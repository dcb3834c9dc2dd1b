package io.vaultfleet.console.recovery;

import java.time.Instant;
import java.util.UUID;

/**
 * One recovery point of one server, as the console knows it. {@code state} is {@link State#ACTIVE} (kept) or
 * {@link State#SOFT_DELETED} by a retention clean-up, restorable by undelete until {@code purgeAfter}.
 * {@code retainUntil} is Back Up Now's "retain till" (null: none).
 */
public record RecoveryPoint(UUID id, UUID serverId, String recoveryPointId, String item, Instant createdAt,
                            long fileCount, long totalBytes, long newBytes, long reusedBytes, int packCount,
                            Instant receivedAt, State state, Instant retainUntil, Instant deletedAt,
                            Instant purgeAfter, Instant undeletedAt) {
    public enum State { ACTIVE, SOFT_DELETED }

    public boolean softDeleted() {
        return state == State.SOFT_DELETED;
    }
}

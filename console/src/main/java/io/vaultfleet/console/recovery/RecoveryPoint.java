package io.vaultfleet.console.recovery;

import java.time.Instant;
import java.util.UUID;

/** One recovery point of one server, as the console knows it. */
public record RecoveryPoint(UUID id, UUID serverId, String recoveryPointId, String item, Instant createdAt,
                            long fileCount, long totalBytes, long newBytes, long reusedBytes, int packCount,
                            Instant receivedAt) {
}

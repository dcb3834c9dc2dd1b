package io.vaultfleet.console.replication;

import java.util.UUID;

/**
 * A vault's secondary has been behind for longer than {@code vaultfleet.replication.lag-alert-after}
 * ({@code lagging}), or caught up again. Monitoring raises and resolves <em>Replication lagging</em> from it.
 */
public record ReplicationLagChanged(UUID vaultId, boolean lagging, String detail) {
}

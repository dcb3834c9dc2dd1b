package io.vaultfleet.console.monitoring;

import java.util.UUID;

/** An alert was raised, seen again, acknowledged or resolved: views and notifications follow. */
public record AlertChanged(UUID alertId, UUID vaultId, UUID serverId, AlertRule rule, AlertState state,
                           Change change) {
    public enum Change { RAISED, REPEATED, ACKNOWLEDGED, RESOLVED }
}

package io.vaultfleet.console.monitoring;

import java.time.Instant;
import java.util.UUID;

/**
 * One alert as the Alerts view shows it.
 *
 * @param occurrences how many times its cause was seen while the alert was open (a failing backup every hour is one
 *                    alert seen many times, not many alerts)
 */
public record Alert(UUID id, AlertRule rule, AlertSeverity severity, AlertState state, UUID vaultId, String vaultName,
                    UUID serverId, String serverName, String title, String detail, Instant raisedAt,
                    Instant lastOccurredAt, int occurrences, String acknowledgedBy, Instant acknowledgedAt,
                    Instant resolvedAt, String resolvedBy) {
    public boolean open() {
        return state != AlertState.RESOLVED;
    }
}

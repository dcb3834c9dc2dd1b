package io.vaultfleet.console.monitoring;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.replication.ReplicationLagChanged;

/**
 * <em>Replication lagging</em>: raised when the replicator reports a vault's secondary copy behind for longer than
 * its threshold, resolved when it reports the copy up to date. One open alert per vault; a pass that finds the vault
 * still behind does not count as another occurrence.
 */
@Component
class ReplicationAlerts {
    private final AlertService alerts;
    private final AlertRepository repository;

    ReplicationAlerts(AlertService alerts, AlertRepository repository) {
        this.alerts = alerts;
        this.repository = repository;
    }

    @EventListener
    void lagChanged(ReplicationLagChanged change) {
        if (change.lagging()) {
            AlertCause cause = new AlertCause(AlertRule.REPLICATION_LAGGING, change.vaultId(), null,
                    "Replication lagging", change.detail());
            if (repository.findOpen(cause.key()).isEmpty()) {
                alerts.raise(cause);
            }
        } else {
            alerts.clear(AlertRule.REPLICATION_LAGGING, change.vaultId(), null, change.detail());
        }
    }
}

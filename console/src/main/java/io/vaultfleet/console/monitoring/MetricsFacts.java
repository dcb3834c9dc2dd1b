package io.vaultfleet.console.monitoring;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.vaultfleet.console.identity.VaultReach;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.readmodel.FleetTotals;

/** The fleet-wide figures behind the metrics: the read model's totals, typed, and the open alerts by severity. */
@Component
class MetricsFacts {
    record Snapshot(long agentsOnline, long agentsOffline, Map<JobStatus, Long> jobsByStatus, long bytesProtected,
                    long bytesStored, Map<AlertSeverity, Long> openAlerts) {
    }

    private final FleetTotals totals;
    private final AlertRepository alerts;

    MetricsFacts(FleetTotals totals, AlertRepository alerts) {
        this.totals = totals;
        this.alerts = alerts;
    }

    Snapshot snapshot() {
        FleetTotals.Totals now = totals.totals();
        Map<JobStatus, Long> jobs = new EnumMap<>(JobStatus.class);
        now.jobsByStatus().forEach((status, count) -> {
            try {
                jobs.put(JobStatus.valueOf(status), count);
            } catch (IllegalArgumentException other) {
                // a status another feature added later: not counted here
            }
        });
        return new Snapshot(now.agentsOnline(), now.agentsOffline(), jobs, now.bytesProtected(), now.bytesStored(),
                alerts.openBySeverity(VaultReach.ALL));
    }
}

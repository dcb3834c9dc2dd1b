package io.vaultfleet.console.monitoring;

import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.identity.VaultReach;
import io.vaultfleet.console.jobs.JobStatus;

/** The few fleet-wide aggregates behind the metrics, read straight from the tables (read-only). */
@Repository
class MetricsFacts {
    record Snapshot(long agentsOnline, long agentsOffline, Map<JobStatus, Long> jobsByStatus, long bytesProtected,
                    long bytesStored, Map<AlertSeverity, Long> openAlerts) {
    }

    private final JdbcClient jdbc;
    private final AlertRepository alerts;

    MetricsFacts(JdbcClient jdbc, AlertRepository alerts) {
        this.jdbc = jdbc;
        this.alerts = alerts;
    }

    Snapshot snapshot() {
        long[] status = new long[2];
        jdbc.sql("select status, count(*) as n from registered_server where revoked_at is null group by status")
                .query((ResultSet rs) -> {
                    status["ONLINE".equals(rs.getString("status")) ? 0 : 1] += rs.getLong("n");
                });
        Map<JobStatus, Long> jobs = new EnumMap<>(JobStatus.class);
        jdbc.sql("select status, count(*) as n from backup_job group by status").query((ResultSet rs) -> {
            try {
                jobs.put(JobStatus.valueOf(rs.getString("status")), rs.getLong("n"));
            } catch (IllegalArgumentException other) {
                // a status another feature added later: not counted here
            }
        });
        long protectedBytes = jdbc.sql("""
                select coalesce(sum(r.size_bytes), 0) from recovery_point r
                where r.server_id is not null and r.created_at = (select max(l.created_at) from recovery_point l
                                                                  where l.server_id = r.server_id)""")
                .query(Long.class).single();
        long stored = jdbc.sql("select coalesce(sum(new_bytes), 0) from recovery_point").query(Long.class).single();
        return new Snapshot(status[0], status[1], jobs, protectedBytes, stored, alerts.openBySeverity(VaultReach.ALL));
    }
}

package io.vaultfleet.console.readmodel;

import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The few fleet-wide aggregates behind the metrics endpoint: servers, jobs and recovery points, one query each. */
@Repository
public class FleetTotals {
    /**
     * @param jobsByStatus   every job ever recorded, by status as the jobs feature names it
     * @param bytesProtected the size of each server's newest recovery point, summed
     * @param bytesStored    the bytes all recovery points added to storage
     */
    public record Totals(long agentsOnline, long agentsOffline, Map<String, Long> jobsByStatus, long bytesProtected,
                         long bytesStored) {
    }

    private final JdbcClient jdbc;

    FleetTotals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Totals totals() {
        long[] status = new long[2];
        jdbc.sql("select status, count(*) as n from registered_server where revoked_at is null group by status")
                .query((ResultSet rs) -> {
                    status["ONLINE".equals(rs.getString("status")) ? 0 : 1] += rs.getLong("n");
                });
        Map<String, Long> jobs = new HashMap<>();
        jdbc.sql("select status, count(*) as n from backup_job group by status").query((ResultSet rs) -> {
            jobs.put(rs.getString("status"), rs.getLong("n"));
        });
        long protectedBytes = jdbc.sql("""
                select coalesce(sum(r.size_bytes), 0) from recovery_point r
                where r.server_id is not null and r.created_at = (select max(l.created_at) from recovery_point l
                                                                  where l.server_id = r.server_id)""")
                .query(Long.class).single();
        long stored = jdbc.sql("select coalesce(sum(new_bytes), 0) from recovery_point").query(Long.class).single();
        return new Totals(status[0], status[1], Map.copyOf(jobs), protectedBytes, stored);
    }
}

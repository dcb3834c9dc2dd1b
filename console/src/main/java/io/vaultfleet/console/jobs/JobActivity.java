package io.vaultfleet.console.jobs;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.fleet.ServerActivity;
import io.vaultfleet.console.platform.Timestamps;
import io.vaultfleet.console.vault.VaultActivity;

/** The jobs' share of the server views (each server's latest backup job, restores left out) and of a vault's overview (jobs of the period). */
@Component
class JobActivity implements ServerActivity, VaultActivity {
    private final JdbcClient jdbc;

    JobActivity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<UUID, Facts> forServers(Collection<UUID> serverIds) {
        Map<UUID, Facts> latest = new HashMap<>();
        if (serverIds.isEmpty()) {
            return latest;
        }
        jdbc.sql("""
                select j.server_id, j.status, j.started_at from backup_job j
                where j.server_id in (:ids) and j.operation <> 'RESTORE'
                  and j.started_at = (select max(k.started_at) from backup_job k
                                      where k.server_id = j.server_id and k.operation <> 'RESTORE')""")
                .param("ids", serverIds)
                .query(rs -> {
                    // two jobs of one server started in the same instant: either is "the latest"
                    latest.putIfAbsent(rs.getObject("server_id", UUID.class),
                            Facts.lastBackup(rs.getString("status"), Timestamps.fromDb(rs, "started_at")));
                });
        return latest;
    }

    @Override
    public Counts countsFor(UUID vaultId, Instant since) {
        return jdbc.sql("""
                select count(*) as jobs, coalesce(sum(case when status = 'FAILED' then 1 else 0 end), 0) as failed
                from backup_job where vault_id = :v and started_at >= :since""")
                .param("v", vaultId).param("since", Timestamps.toDb(since))
                .query((rs, n) -> new Counts(0, rs.getLong("jobs"), rs.getLong("failed"), 0)).single();
    }
}

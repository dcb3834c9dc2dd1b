package io.vaultfleet.console.monitoring;

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

/** The alerts' share of the server views (open alerts per server) and of a vault's overview (alerts of the period). */
@Component
class AlertActivity implements ServerActivity, VaultActivity {
    private final JdbcClient jdbc;

    AlertActivity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<UUID, Facts> forServers(Collection<UUID> serverIds) {
        Map<UUID, Facts> open = new HashMap<>();
        if (serverIds.isEmpty()) {
            return open;
        }
        jdbc.sql("""
                select server_id, count(*) as n,
                       min(case severity when 'CRITICAL' then 0 when 'WARNING' then 1 else 2 end) as worst
                from vault_alert where server_id in (:ids) and open_key is not null group by server_id""")
                .param("ids", serverIds)
                .query(rs -> {
                    open.put(rs.getObject("server_id", UUID.class),
                            Facts.alerts(rs.getInt("n"), severityOfRank(rs.getInt("worst"))));
                });
        return open;
    }

    private static String severityOfRank(int rank) {
        return switch (rank) {
            case 0 -> AlertSeverity.CRITICAL.name();
            case 1 -> AlertSeverity.WARNING.name();
            default -> AlertSeverity.INFORMATIONAL.name();
        };
    }

    @Override
    public Counts countsFor(UUID vaultId, Instant since) {
        long raised = jdbc.sql("select count(*) from vault_alert where vault_id = :v and raised_at >= :since")
                .param("v", vaultId).param("since", Timestamps.toDb(since)).query(Long.class).single();
        return new Counts(0, 0, 0, raised);
    }
}

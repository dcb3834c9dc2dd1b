package io.vaultfleet.console.monitoring;

import io.vaultfleet.console.identity.VaultReach;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.platform.Timestamps;
import io.vaultfleet.console.readmodel.Labels;
import io.vaultfleet.console.readmodel.ServerConditions;
import io.vaultfleet.console.readmodel.VaultsInReach;

/** Alerts in {@code vault_alert}. An open alert holds its cause's key in {@code open_key} (unique), a resolved one null. */
@Repository
class AlertRepository {
    /** Alert rows with the names of their vault and server (from the read model: the vault and fleet tables). */
    private static final String SELECT = "select a.*, " + Labels.vaultName("a.vault_id") + " as vault_name, "
            + Labels.serverName("a.server_id") + " as server_name from vault_alert a";

    private final JdbcClient jdbc;

    AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Alert> find(UUID id) {
        return jdbc.sql(SELECT + " where a.id = :id").param("id", id).query((rs, n) -> map(rs)).optional();
    }

    Optional<Alert> findOpen(String key) {
        return jdbc.sql(SELECT + " where a.open_key = :k").param("k", key).query((rs, n) -> map(rs)).optional();
    }

    void insert(UUID id, AlertCause cause, Instant now) {
        jdbc.sql("""
                insert into vault_alert (id, vault_id, server_id, rule, severity, title, detail, state, open_key,
                    raised_at, last_occurred_at, occurrences)
                values (:id, :v, :s, :rule, :sev, :title, :detail, 'ACTIVE', :key, :now, :now, 1)""")
                .param("id", id).param("v", cause.vaultId()).param("s", cause.serverId())
                .param("rule", cause.rule().name()).param("sev", cause.rule().severity().name())
                .param("title", cause.title()).param("detail", cause.detail()).param("key", cause.key())
                .param("now", Timestamps.toDb(now)).update();
    }

    /** The cause was seen again while its alert is open. */
    void repeat(UUID id, String detail, Instant now) {
        jdbc.sql("""
                update vault_alert set occurrences = occurrences + 1, last_occurred_at = :now, detail = :detail
                where id = :id and open_key is not null""")
                .param("id", id).param("detail", detail).param("now", Timestamps.toDb(now)).update();
    }

    boolean resolve(UUID id, String by, String detail, Instant now) {
        return jdbc.sql("""
                update vault_alert set state = 'RESOLVED', open_key = null, resolved_at = :now, resolved_by = :by,
                    detail = coalesce(:detail, detail)
                where id = :id and open_key is not null""")
                .param("id", id).param("by", by).param("detail", detail).param("now", Timestamps.toDb(now))
                .update() > 0;
    }

    boolean acknowledge(UUID id, String by, Instant now) {
        return jdbc.sql("""
                update vault_alert set state = 'ACKNOWLEDGED', acknowledged_by = :by, acknowledged_at = :now
                where id = :id and state = 'ACTIVE'""")
                .param("id", id).param("by", by).param("now", Timestamps.toDb(now)).update() > 0;
    }

    /** Open alerts of one rule, by their cause's key. */
    Map<String, Alert> openOf(AlertRule rule) {
        Map<String, Alert> open = new HashMap<>();
        jdbc.sql(SELECT + " where a.rule = :rule and a.open_key is not null").param("rule", rule.name())
                .query((ResultSet rs) -> {
                    open.put(rs.getString("open_key"), map(rs));
                });
        return open;
    }

    /** Open alerts of servers that were unregistered since. */
    List<Alert> openOfRevokedServers() {
        return jdbc.sql(SELECT + " where a.open_key is not null and " + ServerConditions.revoked("a.server_id"))
                .query((rs, n) -> map(rs)).list();
    }

    /** A vault's alerts for its daily digest: still open, or raised or resolved since {@code since}. */
    List<Alert> forDigest(UUID vaultId, Instant since) {
        return jdbc.sql(SELECT + """
                 where a.vault_id = :v and (a.open_key is not null or a.raised_at >= :since or a.resolved_at >= :since)
                order by a.raised_at desc fetch first 500 rows only""")
                .param("v", vaultId).param("since", Timestamps.toDb(since)).query((rs, n) -> map(rs)).list();
    }

    /** A page of every vault's alerts, for the console's own rules (no user involved). */
    List<Alert> page(AlertQuery query, int offset, int limit) {
        return page(query, VaultReach.ALL, offset, limit);
    }

    List<Alert> page(AlertQuery query, VaultReach reach, int offset, int limit) {
        StringBuilder sql = new StringBuilder(SELECT + " where 1 = 1");
        Map<String, Object> params = where(query, reach, sql);
        sql.append(" order by a.raised_at desc, a.id offset :o rows fetch next :l rows only");
        return jdbc.sql(sql.toString()).params(params).param("o", offset).param("l", limit)
                .query((rs, n) -> map(rs)).list();
    }

    long count(AlertQuery query, VaultReach reach) {
        StringBuilder sql = new StringBuilder("select count(*) from vault_alert a where 1 = 1");
        Map<String, Object> params = where(query, reach, sql);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    Map<AlertSeverity, Long> openBySeverity(VaultReach reach) {
        Map<AlertSeverity, Long> counts = new EnumMap<>(AlertSeverity.class);
        for (AlertSeverity s : AlertSeverity.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql("select severity, count(*) as n from vault_alert where open_key is not null and "
                        + VaultsInReach.sql(reach, "vault_id") + " group by severity")
                .params(VaultsInReach.params(reach)).query((ResultSet rs) -> {
                    counts.put(AlertSeverity.valueOf(rs.getString("severity")), rs.getLong("n"));
                });
        return counts;
    }

    Map<AlertRule, Long> openByRule(UUID vaultId, VaultReach reach) {
        Map<AlertRule, Long> counts = new EnumMap<>(AlertRule.class);
        for (AlertRule r : AlertRule.values()) {
            counts.put(r, 0L);
        }
        Map<String, Object> params = new HashMap<>(VaultsInReach.params(reach));
        if (vaultId != null) {
            params.put("v", vaultId);
        }
        jdbc.sql("select rule, count(*) as n from vault_alert where open_key is not null and " + VaultsInReach.sql(reach, "vault_id")
                        + (vaultId == null ? "" : " and vault_id = :v") + " group by rule")
                .params(params)
                .query((ResultSet rs) -> {
                    try {
                        counts.put(AlertRule.valueOf(rs.getString("rule")), rs.getLong("n"));
                    } catch (IllegalArgumentException legacy) {
                        // alerts from before the rules existed have no rule of theirs
                    }
                });
        return counts;
    }

    /** The list's filters, and only alerts of vaults in the user's reach (alerts of no vault: console-wide). */
    private static Map<String, Object> where(AlertQuery query, VaultReach reach, StringBuilder sql) {
        Map<String, Object> params = new HashMap<>(VaultsInReach.params(reach));
        sql.append(" and ").append(VaultsInReach.sql(reach, "a.vault_id"));
        if (query.openOnly()) {
            sql.append(" and a.open_key is not null");
        }
        if (query.state() != null) {
            sql.append(" and a.state = :state");
            params.put("state", query.state().name());
        }
        if (query.rule() != null) {
            sql.append(" and a.rule = :rule");
            params.put("rule", query.rule().name());
        }
        if (query.vaultId() != null) {
            sql.append(" and a.vault_id = :vault");
            params.put("vault", query.vaultId());
        }
        if (query.serverId() != null) {
            sql.append(" and a.server_id = :server");
            params.put("server", query.serverId());
        }
        return params;
    }

    private static Alert map(ResultSet rs) throws SQLException {
        AlertRule rule;
        try {
            rule = AlertRule.valueOf(rs.getString("rule"));
        } catch (IllegalArgumentException legacy) {
            rule = null;
        }
        AlertSeverity severity;
        try {
            severity = AlertSeverity.valueOf(rs.getString("severity"));
        } catch (IllegalArgumentException legacy) {
            severity = AlertSeverity.INFORMATIONAL;
        }
        return new Alert(rs.getObject("id", UUID.class), rule, severity, AlertState.valueOf(rs.getString("state")),
                rs.getObject("vault_id", UUID.class), rs.getString("vault_name"), rs.getObject("server_id", UUID.class),
                rs.getString("server_name"), rs.getString("title"), rs.getString("detail"),
                Timestamps.fromDb(rs, "raised_at"), Timestamps.fromDb(rs, "last_occurred_at"), rs.getInt("occurrences"),
                rs.getString("acknowledged_by"), Timestamps.fromDb(rs, "acknowledged_at"),
                Timestamps.fromDb(rs, "resolved_at"), rs.getString("resolved_by"));
    }
}

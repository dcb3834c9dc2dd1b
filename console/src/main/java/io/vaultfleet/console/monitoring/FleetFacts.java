package io.vaultfleet.console.monitoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.platform.Timestamps;

/**
 * Read-only lookups into the fleet, jobs and vault tables that the time-based rules need for the whole fleet at
 * once (one query per rule, not one per server). Monitoring never writes these tables.
 */
@Repository
class FleetFacts {
    /** A registered server as the rules see it. */
    record Server(UUID id, UUID vaultId, String name, String status, Instant statusSince, String agentVersion) {
    }

    private static final String SERVER = """
            select id, vault_id, name, status, status_since, agent_version from registered_server
            where revoked_at is null and not unregistered and vault_id is not null""";

    private final JdbcClient jdbc;

    FleetFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Server> offlineSince(Instant before) {
        return jdbc.sql(SERVER + " and status = 'OFFLINE' and status_since < :before")
                .param("before", Timestamps.toDb(before)).query((rs, n) -> server(rs)).list();
    }

    List<Server> servers() {
        return jdbc.sql(SERVER).query((rs, n) -> server(rs)).list();
    }

    Optional<Server> server(UUID id) {
        return jdbc.sql(SERVER + " and id = :id").param("id", id).query((rs, n) -> server(rs)).optional();
    }

    List<String> agentVersions() {
        return jdbc.sql("select distinct agent_version from registered_server where revoked_at is null"
                + " and not unregistered and vault_id is not null").query(String.class).list();
    }

    List<Server> withAgentVersion(String version) {
        return jdbc.sql(SERVER + " and agent_version = :v").param("v", version).query((rs, n) -> server(rs)).list();
    }

    /** Vaults whose soft delete is off: id to name. */
    Map<UUID, String> vaultsWithoutSoftDelete() {
        Map<UUID, String> vaults = new HashMap<>();
        jdbc.sql("select id, name from vault where not soft_delete_enabled")
                .query((ResultSet rs) -> {
                    vaults.put(rs.getObject("id", UUID.class), rs.getString("name"));
                });
        return vaults;
    }

    /** When each server's latest job started. */
    Map<UUID, Instant> lastJobStart() {
        Map<UUID, Instant> starts = new HashMap<>();
        jdbc.sql("select server_id, max(started_at) as last_start from backup_job where server_id is not null"
                        + " and operation <> 'RESTORE'"
                        + " group by server_id")
                .query((ResultSet rs) -> {
                    starts.put(rs.getObject("server_id", UUID.class), Timestamps.fromDb(rs, "last_start"));
                });
        return starts;
    }

    private static Server server(ResultSet rs) throws SQLException {
        return new Server(rs.getObject("id", UUID.class), rs.getObject("vault_id", UUID.class), rs.getString("name"),
                rs.getString("status"), Timestamps.fromDb(rs, "status_since"), rs.getString("agent_version"));
    }
}

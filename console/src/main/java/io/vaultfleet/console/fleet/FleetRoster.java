package io.vaultfleet.console.fleet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vaultfleet.console.platform.Timestamps;

/**
 * The registered servers as the console's own background work sees them, for the whole fleet at once (one query per
 * question, not one per server): alert rules over every server, replication over a vault's servers, the vault of a
 * server for a role check. No user is involved, so there is no role check here: views use {@link FleetService}.
 */
@Component
public class FleetRoster {
    /** A registered server (enrolled in a vault, neither revoked nor unregistered) as alert rules see it. */
    public record Server(UUID id, UUID vaultId, String name, String status, Instant statusSince, String agentVersion) {
    }

    private static final String ACTIVE = """
            select id, vault_id, name, status, status_since, agent_version from registered_server
            where revoked_at is null and not unregistered and vault_id is not null""";

    private final JdbcClient jdbc;

    FleetRoster(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registered servers offline since before {@code before}. */
    @Transactional(readOnly = true)
    public List<Server> offlineSince(Instant before) {
        return jdbc.sql(ACTIVE + " and status = 'OFFLINE' and status_since < :before")
                .param("before", Timestamps.toDb(before)).query((rs, n) -> server(rs)).list();
    }

    /** Every registered server. */
    @Transactional(readOnly = true)
    public List<Server> servers() {
        return jdbc.sql(ACTIVE).query((rs, n) -> server(rs)).list();
    }

    /** The server, if it is registered. */
    @Transactional(readOnly = true)
    public Optional<Server> server(UUID id) {
        return jdbc.sql(ACTIVE + " and id = :id").param("id", id).query((rs, n) -> server(rs)).optional();
    }

    /** The agent versions registered servers run. */
    @Transactional(readOnly = true)
    public List<String> agentVersions() {
        return jdbc.sql("select distinct agent_version from registered_server where revoked_at is null"
                + " and not unregistered and vault_id is not null").query(String.class).list();
    }

    /** Registered servers running agent {@code version}. */
    @Transactional(readOnly = true)
    public List<Server> withAgentVersion(String version) {
        return jdbc.sql(ACTIVE + " and agent_version = :v").param("v", version).query((rs, n) -> server(rs)).list();
    }

    /**
     * The ids of every server ever enrolled in the vault, revoked and unregistered ones included (their recovery
     * points stay in the vault's storage), in id order.
     */
    @Transactional(readOnly = true)
    public List<UUID> serversEverIn(UUID vaultId) {
        return jdbc.sql("select id from registered_server where vault_id = :v order by id").param("v", vaultId)
                .query(UUID.class).list();
    }

    /**
     * The vault a server is enrolled in, revoked and unregistered servers included; empty when there is no such server
     * or it was admitted without a vault. A server never changes vault.
     */
    @Transactional(readOnly = true)
    public Optional<UUID> vaultOf(UUID serverId) {
        return jdbc.sql("select vault_id from registered_server where id = :s").param("s", serverId)
                .query((rs, n) -> Optional.ofNullable(rs.getObject("vault_id", UUID.class))).optional()
                .flatMap(vault -> vault);
    }

    private static Server server(ResultSet rs) throws SQLException {
        return new Server(rs.getObject("id", UUID.class), rs.getObject("vault_id", UUID.class), rs.getString("name"),
                rs.getString("status"), Timestamps.fromDb(rs, "status_since"), rs.getString("agent_version"));
    }
}

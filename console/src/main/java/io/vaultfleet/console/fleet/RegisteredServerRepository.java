package io.vaultfleet.console.fleet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.vaultfleet.console.identity.VaultReach;
import io.vaultfleet.console.readmodel.VaultsInReach;
import io.vaultfleet.console.platform.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Registered servers and their connection history. Paged queries use indexed columns so 10,000 rows list fast. */
@Repository
class RegisteredServerRepository {
    private static final Map<ServerQuery.Sort, String> ORDER = Map.of(
            ServerQuery.Sort.NAME, "name_key",
            ServerQuery.Sort.STATUS, "status",
            ServerQuery.Sort.LAST_SEEN, "last_seen_at",
            ServerQuery.Sort.OS, "os_name",
            ServerQuery.Sort.AGENT_VERSION, "agent_version");

    /**
     * Every server query reads the server rows here and then, for the whole result at once, the vault's name, the
     * last backup job and the open alerts from the features that own them ({@link #withOthersFacts}), so the list
     * shows them with a few queries per page, not per row, and without SQL on their tables.
     */
    private static final String SELECT = "select s.* from registered_server s";
    private static final int IDS_PER_QUERY = 1000;

    private final JdbcClient jdbc;
    private final VaultNames vaultNames;
    private final List<ServerActivity> activity;

    RegisteredServerRepository(JdbcClient jdbc, VaultNames vaultNames, List<ServerActivity> activity) {
        this.jdbc = jdbc;
        this.vaultNames = vaultNames;
        this.activity = activity;
    }

    /** The servers with their vault's name, latest job and open alerts, asked of the owning features in batches. */
    private List<RegisteredServer> withOthersFacts(List<RegisteredServer> servers) {
        List<RegisteredServer> complete = new ArrayList<>(servers.size());
        for (int from = 0; from < servers.size(); from += IDS_PER_QUERY) {
            List<RegisteredServer> batch = servers.subList(from, Math.min(servers.size(), from + IDS_PER_QUERY));
            Map<UUID, String> names = vaultNames.labelsOf(batch.stream().map(RegisteredServer::vaultId)
                    .filter(Objects::nonNull).collect(Collectors.toSet()));
            List<UUID> ids = batch.stream().map(RegisteredServer::id).toList();
            Map<UUID, ServerActivity.Facts> facts = new HashMap<>();
            for (ServerActivity source : activity) {
                source.forServers(ids).forEach((id, f) -> facts.merge(id, f, ServerActivity.Facts::and));
            }
            for (RegisteredServer server : batch) {
                complete.add(server.with(server.vaultId() == null ? null : names.get(server.vaultId()),
                        facts.getOrDefault(server.id(), ServerActivity.Facts.NONE)));
            }
        }
        return complete;
    }

    private Optional<RegisteredServer> withOthersFacts(Optional<RegisteredServer> server) {
        return server.map(found -> withOthersFacts(List.of(found)).getFirst());
    }

    Optional<RegisteredServer> findById(UUID id) {
        return withOthersFacts(jdbc.sql(SELECT + " where id = :id").param("id", id)
                .query((rs, n) -> map(rs)).optional());
    }

    List<RegisteredServer> findAllById(Collection<UUID> ids) {
        List<UUID> all = List.copyOf(ids);
        List<RegisteredServer> found = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
            found.addAll(jdbc.sql(SELECT + " where s.id in (:ids)").param("ids", all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY)))
                    .query((rs, n) -> map(rs)).list());
        }
        return withOthersFacts(found);
    }

    Optional<RegisteredServer> findUnregisteredByName(String name) {
        return withOthersFacts(jdbc.sql(SELECT + " where unregistered and name_key = :key")
                .param("key", key(name)).query((rs, n) -> map(rs)).optional());
    }

    RegisteredServer insertUnregistered(String name, String osName, String osVersion, String agentVersion,
                                        Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into registered_server (id, vault_id, name, name_key, os_name, os_version, agent_version,
                    status, status_since, last_seen_at, registered_at, unregistered)
                values (:id, null, :name, :key, :os, :osv, :agent, 'OFFLINE', :now, null, :now, true)""")
                .param("id", id).param("name", name).param("key", key(name)).param("os", osName)
                .param("osv", osVersion).param("agent", agentVersion).param("now", Timestamps.toDb(now))
                .update();
        return findById(id).orElseThrow();
    }

    /** What the console needs to check a connection proof: the server's key and whether it was revoked. */
    record ServerKey(UUID id, String name, String publicKey, Instant revokedAt, String revokedReason) {
    }

    Optional<ServerKey> findKey(UUID id) {
        return jdbc.sql("select id, name, public_key, revoked_at, revoked_reason from registered_server where id = :id")
                .param("id", id)
                .query((rs, n) -> new ServerKey(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getString("public_key"), Timestamps.fromDb(rs, "revoked_at"),
                        rs.getString("revoked_reason")))
                .optional();
    }

    /** Records an enrolled server with its public key. */
    RegisteredServer insertEnrolled(UUID vaultId, String name, String osName, String osVersion, String agentVersion,
                                    String publicKey, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into registered_server (id, vault_id, name, name_key, os_name, os_version, agent_version,
                    status, status_since, last_seen_at, registered_at, unregistered, public_key, key_registered_at)
                values (:id, :vault, :name, :key, :os, :osv, :agent, 'OFFLINE', :now, null, :now, false, :pk, :now)""")
                .param("id", id).param("vault", vaultId).param("name", name).param("key", key(name))
                .param("os", osName).param("osv", osVersion).param("agent", agentVersion).param("pk", publicKey)
                .param("now", Timestamps.toDb(now)).update();
        return findById(id).orElseThrow();
    }

    /** Remembers an accepted delivery; false when it was accepted before. */
    boolean recordDelivery(UUID serverId, String deliveryId, Instant now) {
        boolean known = jdbc.sql("select count(*) from agent_delivery where server_id = :s and delivery_id = :d")
                .param("s", serverId).param("d", deliveryId).query(Long.class).single() > 0;
        if (known) {
            return false;
        }
        try {
            jdbc.sql("insert into agent_delivery (server_id, delivery_id, received_at) values (:s, :d, :now)")
                    .param("s", serverId).param("d", deliveryId).param("now", Timestamps.toDb(now)).update();
            return true;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    /** The registered (not revoked) server of that name in the vault, with whether it may be taken over now. */
    record NamedServer(UUID id, String name, Instant reregistrationUntil) {
    }

    Optional<NamedServer> findActiveInVault(UUID vaultId, String name) {
        return jdbc.sql("""
                select id, name, reregistration_until from registered_server
                where vault_id = :v and name_key = :key and revoked_at is null and not unregistered""")
                .param("v", vaultId).param("key", key(name))
                .query((rs, n) -> new NamedServer(rs.getObject("id", UUID.class), rs.getString("name"),
                        Timestamps.fromDb(rs, "reregistration_until")))
                .optional();
    }

    void rekey(UUID id, String publicKey, String osName, String osVersion, String agentVersion, Instant now) {
        jdbc.sql("""
                update registered_server set public_key = :pk, key_registered_at = :now, reregistration_until = null,
                    os_name = :os, os_version = :osv, agent_version = :agent
                where id = :id""")
                .param("id", id).param("pk", publicKey).param("now", Timestamps.toDb(now)).param("os", osName)
                .param("osv", osVersion).param("agent", agentVersion).update();
    }

    void allowReregistration(UUID id, Instant until) {
        jdbc.sql("update registered_server set reregistration_until = :until where id = :id")
                .param("id", id).param("until", Timestamps.toDb(until)).update();
    }

    Optional<String> vaultName(UUID vaultId) {
        return Optional.ofNullable(vaultNames.labelsOf(List.of(vaultId)).get(vaultId));
    }

    /** A server's connections, newest first. */
    List<ServerConnectionRecord> connections(UUID serverId, int limit) {
        return jdbc.sql("""
                select connected_at, disconnected_at, remote_address, close_reason from server_connection
                where server_id = :id order by connected_at desc fetch first :limit rows only""")
                .param("id", serverId).param("limit", limit)
                .query((rs, n) -> new ServerConnectionRecord(Timestamps.fromDb(rs, "connected_at"),
                        Timestamps.fromDb(rs, "disconnected_at"), rs.getString("remote_address"), rs.getString("close_reason")))
                .list();
    }

    boolean revoke(UUID id, String reason, Instant now) {
        return jdbc.sql("""
                update registered_server set revoked_at = :now, revoked_reason = :reason
                where id = :id and revoked_at is null""")
                .param("id", id).param("reason", reason).param("now", Timestamps.toDb(now)).update() > 0;
    }

    void markOnline(UUID id, String osName, String osVersion, String agentVersion, Instant now) {
        jdbc.sql("""
                update registered_server set status = 'ONLINE', status_since = :now, last_seen_at = :now,
                    os_name = :os, os_version = :osv, agent_version = :agent
                where id = :id""")
                .param("id", id).param("os", osName).param("osv", osVersion).param("agent", agentVersion)
                .param("now", Timestamps.toDb(now)).update();
    }

    /** Marks offline; returns whether the server was online before. */
    boolean markOffline(UUID id, Instant now) {
        return jdbc.sql("""
                update registered_server set status = 'OFFLINE', status_since = :now
                where id = :id and status = 'ONLINE'""")
                .param("id", id).param("now", Timestamps.toDb(now)).update() > 0;
    }

    void touch(Collection<UUID> ids, Instant seenAt) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("update registered_server set last_seen_at = :at where id in (:ids)")
                .param("at", Timestamps.toDb(seenAt)).param("ids", ids).update();
    }

    /** Servers marked online whose agents nobody has heard from since {@code before}. */
    List<RegisteredServer> findOnlineNotSeenSince(Instant before) {
        return withOthersFacts(jdbc.sql(SELECT + " where status = 'ONLINE' and last_seen_at < :before")
                .param("before", Timestamps.toDb(before)).query((rs, n) -> map(rs)).list());
    }

    List<RegisteredServer> findOnline() {
        return withOthersFacts(jdbc.sql(SELECT + " where status = 'ONLINE'").query((rs, n) -> map(rs)).list());
    }

    long openConnection(UUID serverId, Instant at, String remoteAddress) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into server_connection (server_id, connected_at, remote_address)
                values (:id, :at, :remote)""")
                .param("id", serverId).param("at", Timestamps.toDb(at)).param("remote", remoteAddress)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    void closeConnection(long connectionId, Instant at, String reason) {
        jdbc.sql("""
                update server_connection set disconnected_at = :at, close_reason = :reason
                where id = :id and disconnected_at is null""")
                .param("id", connectionId).param("at", Timestamps.toDb(at))
                .param("reason", reason == null ? null : reason.length() > 255 ? reason.substring(0, 255) : reason)
                .update();
    }

    void closeOpenConnections(UUID serverId, Instant at, String reason) {
        jdbc.sql("""
                update server_connection set disconnected_at = :at, close_reason = :reason
                where server_id = :id and disconnected_at is null""")
                .param("id", serverId).param("at", Timestamps.toDb(at)).param("reason", reason).update();
    }

    /**
     * One page of servers. The page's ids are chosen on the server table alone (filtered and ordered by its
     * indexes), then only those rows get the vault, job and alert facts: a page costs the same with 10 servers
     * or 10,000 (bench/servers.sh).
     */
    List<RegisteredServer> page(ServerQuery query, VaultReach reach, int offset, int limit) {
        StringBuilder sql = new StringBuilder("select id from registered_server where revoked_at is null");
        var params = where(query, reach, sql);
        sql.append(" order by ").append(ORDER.get(query.sort())).append(query.descending() ? " desc" : " asc")
                .append(", name_key asc, id asc offset :offset rows fetch next :limit rows only");
        List<UUID> ids = jdbc.sql(sql.toString()).params(params).param("offset", offset).param("limit", limit)
                .query(UUID.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, RegisteredServer> rows = new HashMap<>();
        jdbc.sql(SELECT + " where s.id in (:ids)").param("ids", ids).query((rs, n) -> map(rs)).list()
                .forEach(server -> rows.put(server.id(), server));
        return withOthersFacts(ids.stream().map(rows::get).filter(Objects::nonNull).toList());
    }

    long count(ServerQuery query, VaultReach reach) {
        StringBuilder sql = new StringBuilder("select count(*) from registered_server where revoked_at is null");
        var params = where(query, reach, sql);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    Map<ServerStatus, Long> countByStatus(VaultReach reach) {
        Map<ServerStatus, Long> counts = new EnumMap<>(ServerStatus.class);
        for (ServerStatus s : ServerStatus.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql("select status, count(*) as n from registered_server where revoked_at is null and "
                        + VaultsInReach.sql(reach, "vault_id") + " group by status")
                .params(VaultsInReach.params(reach)).query((ResultSet rs) -> {
                    counts.put(ServerStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                });
        return counts;
    }

    /** The list's filters, and only servers of vaults in the user's reach (servers of no vault: console-wide). */
    private static Map<String, Object> where(ServerQuery query, VaultReach reach, StringBuilder sql) {
        Map<String, Object> params = new HashMap<>(VaultsInReach.params(reach));
        sql.append(" and ").append(VaultsInReach.sql(reach, "vault_id"));
        if (!query.nameContains().isEmpty()) {
            sql.append(" and name_key like :name escape '\\'");
            params.put("name", "%" + escapeLike(key(query.nameContains())) + "%");
        }
        if (query.status() != null) {
            sql.append(" and status = :status");
            params.put("status", query.status().name());
        }
        if (query.vaultId() != null) {
            sql.append(" and vault_id = :vault");
            params.put("vault", query.vaultId());
        }
        return params;
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /** A server row; {@link #withOthersFacts} adds what other features know about it. */
    private static RegisteredServer map(ResultSet rs) throws SQLException {
        return new RegisteredServer(rs.getObject("id", UUID.class), rs.getObject("vault_id", UUID.class),
                rs.getString("name"), rs.getString("os_name"), rs.getString("os_version"),
                rs.getString("agent_version"), ServerStatus.valueOf(rs.getString("status")),
                Timestamps.fromDb(rs, "status_since"), Timestamps.fromDb(rs, "last_seen_at"),
                Timestamps.fromDb(rs, "registered_at"), rs.getBoolean("unregistered"), null,
                Timestamps.fromDb(rs, "revoked_at"), rs.getString("revoked_reason"),
                Timestamps.fromDb(rs, "reregistration_until"), null, null, 0, null);
    }
}

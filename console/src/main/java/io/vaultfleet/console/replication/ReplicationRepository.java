package io.vaultfleet.console.replication;

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
 * What was copied to each vault's secondary ({@code replica_blob}) and each vault's replication state. Which vaults
 * are geo-redundant and which servers a vault has come from their owners ({@code VaultLookup}, {@code FleetRoster}).
 */
@Repository
class ReplicationRepository {
    private final JdbcClient jdbc;

    ReplicationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A blob known to be on the secondary. */
    record Copied(String name, long size, String hash, Instant copiedAt, Instant goneSince) {
    }

    record State(UUID vaultId, UUID targetId, boolean seeding, long pendingBlobs, long pendingBytes, long totalBlobs,
                 Instant lastScanAt, Instant lastCopiedAt, Instant laggingSince, String lastError,
                 boolean crossRegionRestore) {
    }

    Map<String, Copied> copied(UUID vaultId, UUID serverId) {
        Map<String, Copied> result = new HashMap<>();
        jdbc.sql("select * from replica_blob where vault_id = :v and server_id = :s").param("v", vaultId)
                .param("s", serverId).query((rs, n) -> new Copied(rs.getString("name"), rs.getLong("size_bytes"),
                        rs.getString("content_hash"), Timestamps.fromDb(rs, "copied_at"),
                        Timestamps.fromDb(rs, "gone_since")))
                .list().forEach(c -> result.put(c.name(), c));
        return result;
    }

    void recordCopy(UUID vaultId, UUID serverId, UUID targetId, String name, long size, String hash, Instant now) {
        int updated = jdbc.sql("""
                update replica_blob set target_id = :t, size_bytes = :size, content_hash = :hash, copied_at = :now,
                       gone_since = null where vault_id = :v and server_id = :s and name = :name""")
                .param("t", targetId).param("size", size).param("hash", hash).param("now", Timestamps.toDb(now))
                .param("v", vaultId).param("s", serverId).param("name", name).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into replica_blob (vault_id, server_id, name, target_id, size_bytes, content_hash, copied_at)
                    values (:v, :s, :name, :t, :size, :hash, :now)""")
                    .param("t", targetId).param("size", size).param("hash", hash).param("now", Timestamps.toDb(now))
                    .param("v", vaultId).param("s", serverId).param("name", name).update();
        }
    }

    void setGoneSince(UUID vaultId, UUID serverId, String name, Instant since) {
        jdbc.sql("update replica_blob set gone_since = :g where vault_id = :v and server_id = :s and name = :name")
                .param("g", Timestamps.toDb(since)).param("v", vaultId).param("s", serverId).param("name", name)
                .update();
    }

    void forget(UUID vaultId, UUID serverId, String name) {
        jdbc.sql("delete from replica_blob where vault_id = :v and server_id = :s and name = :name")
                .param("v", vaultId).param("s", serverId).param("name", name).update();
    }

    Optional<State> state(UUID vaultId) {
        return jdbc.sql("select * from replication_state where vault_id = :v").param("v", vaultId)
                .query((rs, n) -> new State(rs.getObject("vault_id", UUID.class), rs.getObject("target_id", UUID.class),
                        rs.getBoolean("seeding"), rs.getLong("pending_blobs"), rs.getLong("pending_bytes"),
                        rs.getLong("total_blobs"), Timestamps.fromDb(rs, "last_scan_at"),
                        Timestamps.fromDb(rs, "last_copied_at"), Timestamps.fromDb(rs, "lagging_since"),
                        rs.getString("last_error"), rs.getBoolean("cross_region_restore")))
                .optional();
    }

    List<State> states() {
        return jdbc.sql("select vault_id from replication_state").query(UUID.class).list().stream()
                .map(this::state).flatMap(Optional::stream).toList();
    }

    /** Creates the vault's state row when missing (no-op otherwise). */
    void ensureState(UUID vaultId) {
        if (state(vaultId).isEmpty()) {
            jdbc.sql("insert into replication_state (vault_id) values (:v)").param("v", vaultId).update();
        }
    }

    /**
     * The vault's secondary is now {@code targetId} (first pairing or a re-pairing): what was copied elsewhere no
     * longer counts, the new secondary is seeded from scratch.
     */
    void retarget(UUID vaultId, UUID targetId) {
        jdbc.sql("delete from replica_blob where vault_id = :v").param("v", vaultId).update();
        jdbc.sql("""
                update replication_state set target_id = :t, seeding = true, last_copied_at = null, total_blobs = 0
                where vault_id = :v""").param("t", targetId).param("v", vaultId).update();
    }

    void progress(UUID vaultId, long pendingBlobs, long pendingBytes, long totalBlobs, Instant laggingSince,
                  Instant lastCopiedAt, boolean seeding) {
        jdbc.sql("""
                update replication_state set pending_blobs = :pb, pending_bytes = :px, total_blobs = :tb,
                       lagging_since = :lag, last_copied_at = coalesce(:copied, last_copied_at), seeding = :seeding
                where vault_id = :v""")
                .param("pb", pendingBlobs).param("px", pendingBytes).param("tb", totalBlobs)
                .param("lag", Timestamps.toDb(laggingSince)).param("copied", Timestamps.toDb(lastCopiedAt))
                .param("seeding", seeding).param("v", vaultId).update();
    }

    void scanned(UUID vaultId, Instant at, String error) {
        jdbc.sql("update replication_state set last_scan_at = :at, last_error = :e where vault_id = :v")
                .param("at", Timestamps.toDb(at)).param("e", error == null || error.length() <= 2000 ? error
                        : error.substring(0, 2000)).param("v", vaultId).update();
    }

    /** Lagging vaults, pending blobs and pending bytes over all of {@code geoRedundant} (the geo-redundant vaults). */
    long[] lagTotals(List<UUID> geoRedundant) {
        if (geoRedundant.isEmpty()) {
            return new long[3];
        }
        return jdbc.sql("""
                select count(case when r.pending_blobs > 0 or r.last_error is not null then 1 end) as lagging,
                       coalesce(sum(r.pending_blobs), 0) as blobs, coalesce(sum(r.pending_bytes), 0) as bytes
                from replication_state r where r.vault_id in (:vaults)""")
                .param("vaults", geoRedundant).query((rs, n) -> new long[] {rs.getLong("lagging"), rs.getLong("blobs"), rs.getLong("bytes")})
                .single();
    }

    void setCrossRegionRestore(UUID vaultId, boolean enabled) {
        ensureState(vaultId);
        jdbc.sql("update replication_state set cross_region_restore = :e where vault_id = :v").param("e", enabled)
                .param("v", vaultId).update();
    }
}

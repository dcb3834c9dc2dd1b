package io.vaultfleet.console.recovery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.platform.Timestamps;
import io.vaultfleet.console.storage.ServerStorage;

/** The SQL of retention: recovery point states, the packs kept points need, and the tombstones of moved blobs. */
@Repository
class RetentionRepository {
    static final String DELETED = ServerStorage.DELETED;

    /** A blob a clean-up moved (or is moving) under {@code deleted/}. */
    record Tombstone(UUID serverId, String blobName, Kind kind, String refId, long sizeBytes, Instant purgeAfter,
                     UUID jobId, boolean moved) {
        String deletedName() {
            return DELETED + blobName;
        }
    }

    enum Kind {
        PACK, SNAPSHOT;

        String blobName(String refId) {
            return this == PACK ? "packs/" + refId.substring(0, 2) + "/" + refId : "snapshots/" + refId;
        }
    }

    private final JdbcClient jdbc;

    RetentionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RecoveryPoint> find(UUID serverId, String recoveryPointId) {
        return jdbc.sql(RecoveryPointCatalog.SELECT + " where rp.server_id = :s and rp.recovery_point_id = :rp")
                .param("s", serverId).param("rp", recoveryPointId).query((rs, n) -> RecoveryPointCatalog.map(rs))
                .optional();
    }

    List<RecoveryPoint> points(UUID serverId, RecoveryPoint.State state) {
        return jdbc.sql(RecoveryPointCatalog.SELECT + " where rp.server_id = :s and rp.state = :st order by rp.created_at")
                .param("s", serverId).param("st", state.name()).query((rs, n) -> RecoveryPointCatalog.map(rs)).list();
    }

    Optional<UUID> vaultOf(UUID serverId) {
        return jdbc.sql("select vault_id from recovery_point where server_id = :s fetch first 1 rows only")
                .param("s", serverId).query(UUID.class).optional();
    }

    List<UUID> serversWithActivePoints() {
        return jdbc.sql("select distinct server_id from recovery_point where state = 'ACTIVE' and server_id is not null")
                .query(UUID.class).list();
    }

    List<UUID> serversWithTombstones() {
        return jdbc.sql("select distinct server_id from deleted_blob").query(UUID.class).list();
    }

    /** Marks the given active points soft-deleted; returns how many were. */
    int softDelete(UUID serverId, Collection<String> recoveryPointIds, Instant now, Instant purgeAfter, UUID jobId) {
        int n = 0;
        for (String id : recoveryPointIds) {
            n += jdbc.sql("""
                    update recovery_point set state = 'SOFT_DELETED', deleted_at = :now, purge_after = :purge,
                        deleted_by_job = :job
                    where server_id = :s and recovery_point_id = :rp and state = 'ACTIVE'""")
                    .param("s", serverId).param("rp", id).param("now", Timestamps.toDb(now))
                    .param("purge", Timestamps.toDb(purgeAfter)).param("job", jobId).update();
        }
        return n;
    }

    Set<String> packsOf(UUID serverId, Collection<String> recoveryPointIds) {
        Set<String> packs = new TreeSet<>();
        for (String id : recoveryPointIds) {
            packs.addAll(jdbc.sql("""
                    select p.pack_id from recovery_point_pack p join recovery_point r on r.id = p.recovery_point
                    where r.server_id = :s and r.recovery_point_id = :rp""")
                    .param("s", serverId).param("rp", id).query(String.class).list());
        }
        return packs;
    }

    /** Every pack some kept (active) recovery point of the server references. */
    Set<String> packsOfKeptPoints(UUID serverId) {
        return new TreeSet<>(jdbc.sql("""
                select distinct p.pack_id from recovery_point_pack p join recovery_point r on r.id = p.recovery_point
                where r.server_id = :s and r.state = 'ACTIVE'""")
                .param("s", serverId).query(String.class).list());
    }

    Set<String> tombstonedRefs(UUID serverId, Kind kind) {
        return new TreeSet<>(jdbc.sql("select ref_id from deleted_blob where server_id = :s and kind = :k")
                .param("s", serverId).param("k", kind.name()).query(String.class).list());
    }

    void insertTombstone(UUID serverId, Kind kind, String refId, Instant now, Instant purgeAfter, UUID jobId) {
        jdbc.sql("""
                insert into deleted_blob (server_id, blob_name, kind, ref_id, deleted_at, purge_after, job_id)
                values (:s, :name, :k, :ref, :now, :purge, :job)""")
                .param("s", serverId).param("name", kind.blobName(refId)).param("k", kind.name()).param("ref", refId)
                .param("now", Timestamps.toDb(now)).param("purge", Timestamps.toDb(purgeAfter)).param("job", jobId)
                .update();
    }

    void markMoved(UUID serverId, String blobName, long size) {
        jdbc.sql("update deleted_blob set moved = true, size_bytes = :size where server_id = :s and blob_name = :n")
                .param("s", serverId).param("n", blobName).param("size", size).update();
    }

    void deleteTombstone(UUID serverId, String blobName) {
        jdbc.sql("delete from deleted_blob where server_id = :s and blob_name = :n")
                .param("s", serverId).param("n", blobName).update();
    }

    List<Tombstone> tombstonesOfJob(UUID jobId) {
        return jdbc.sql("select * from deleted_blob where job_id = :j order by blob_name").param("j", jobId)
                .query((rs, n) -> tombstone(rs)).list();
    }

    List<Tombstone> unmoved(UUID serverId) {
        return jdbc.sql("select * from deleted_blob where server_id = :s and moved = false order by blob_name")
                .param("s", serverId).query((rs, n) -> tombstone(rs)).list();
    }

    List<Tombstone> dueForPurge(UUID serverId, Instant now) {
        return jdbc.sql("""
                select * from deleted_blob where server_id = :s and moved = true and purge_after <= :now
                order by blob_name""")
                .param("s", serverId).param("now", Timestamps.toDb(now)).query((rs, n) -> tombstone(rs)).list();
    }

    /** Tombstones of blobs a kept point needs (its snapshot, or a pack it references): they must come back. */
    List<Tombstone> neededByKeptPoints(UUID serverId) {
        return jdbc.sql("""
                select * from deleted_blob d where d.server_id = :s and (
                    (d.kind = 'PACK' and exists (select 1 from recovery_point_pack p
                        join recovery_point r on r.id = p.recovery_point
                        where r.server_id = :s and r.state = 'ACTIVE' and p.pack_id = d.ref_id))
                    or (d.kind = 'SNAPSHOT' and exists (select 1 from recovery_point r
                        where r.server_id = :s and r.state = 'ACTIVE' and r.recovery_point_id = d.ref_id)))
                order by d.blob_name""")
                .param("s", serverId).query((rs, n) -> tombstone(rs)).list();
    }

    /** Removes soft-deleted points past their purge time whose snapshot blob is gone; returns how many. */
    int deletePurgedPoints(UUID serverId, Instant now) {
        return jdbc.sql("""
                delete from recovery_point where server_id = :s and state = 'SOFT_DELETED' and purge_after <= :now
                    and not exists (select 1 from deleted_blob d where d.server_id = :s and d.kind = 'SNAPSHOT'
                        and d.ref_id = recovery_point.recovery_point_id)""")
                .param("s", serverId).param("now", Timestamps.toDb(now)).update();
    }

    /** Brings a soft-deleted point back; true when it was soft-deleted. */
    boolean undelete(UUID serverId, String recoveryPointId, Instant now) {
        return jdbc.sql("""
                update recovery_point set state = 'ACTIVE', deleted_at = null, purge_after = null,
                    deleted_by_job = null, retain_until = null, undeleted_at = :now
                where server_id = :s and recovery_point_id = :rp and state = 'SOFT_DELETED'""")
                .param("s", serverId).param("rp", recoveryPointId).param("now", Timestamps.toDb(now)).update() > 0;
    }

    void setRetainUntil(UUID serverId, String recoveryPointId, Instant until) {
        jdbc.sql("update recovery_point set retain_until = :u where server_id = :s and recovery_point_id = :rp")
                .param("s", serverId).param("rp", recoveryPointId).param("u", until == null ? null : Timestamps.toDb(until))
                .update();
    }

    private static Tombstone tombstone(ResultSet rs) throws SQLException {
        return new Tombstone(rs.getObject("server_id", UUID.class), rs.getString("blob_name"),
                Kind.valueOf(rs.getString("kind")), rs.getString("ref_id"), rs.getLong("size_bytes"),
                Timestamps.fromDb(rs, "purge_after"), rs.getObject("job_id", UUID.class), rs.getBoolean("moved"));
    }
}

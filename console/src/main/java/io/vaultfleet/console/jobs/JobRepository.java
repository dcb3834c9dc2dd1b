package io.vaultfleet.console.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.platform.Timestamps;

/** Jobs, newest first; the server's name is read with each row. */
@Repository
class JobRepository {
    private static final String SELECT = "select j.*, (select s.name from registered_server s where s.id = j.server_id)"
            + " as server_name from backup_job j";

    private final JdbcClient jdbc;

    JobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID vaultId, UUID serverId, String item, String paths, String requestedBy, Instant now) {
        jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, server_id, item, trigger_kind,
                    requested_by, paths, stage)
                values (:id, :v, 'BACKUP', 'QUEUED', :now, :s, :item, 'ON_DEMAND', :by, :paths, 'QUEUED')""")
                .param("id", id).param("v", vaultId).param("s", serverId).param("item", item).param("by", requestedBy)
                .param("paths", paths).param("now", Timestamps.toDb(now)).update();
    }

    /** A job the agent started on its own (a scheduled backup); false when that job id is already known. */
    boolean insertScheduled(UUID id, UUID vaultId, UUID serverId, String item, Instant startedAt) {
        if (jdbc.sql("select count(*) from backup_job where id = :id").param("id", id).query(Long.class).single() > 0) {
            return false;
        }
        jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, server_id, item, trigger_kind,
                    requested_by, stage)
                values (:id, :v, 'BACKUP', 'IN_PROGRESS', :at, :s, :item, 'SCHEDULED', 'schedule', 'PRECHECK')""")
                .param("id", id).param("v", vaultId).param("s", serverId).param("item", item)
                .param("at", Timestamps.toDb(startedAt)).update();
        return true;
    }

    void setStatus(UUID id, JobStatus status, String detail, Instant endedAt) {
        jdbc.sql("update backup_job set status = :st, detail = :d, ended_at = :e where id = :id")
                .param("id", id).param("st", status.name()).param("d", detail)
                .param("e", endedAt == null ? null : Timestamps.toDb(endedAt)).update();
    }

    /** Records progress of a running job of {@code serverId}; false when there is no such running job. */
    boolean progress(UUID id, UUID serverId, String stage, long files, long bytes, long total, long rate) {
        return jdbc.sql("""
                update backup_job set status = 'IN_PROGRESS', stage = :stage, files_done = :f, bytes_done = :b,
                    bytes_total = :t, bytes_per_second = :r
                where id = :id and server_id = :s and status in ('QUEUED', 'IN_PROGRESS')""")
                .param("id", id).param("s", serverId).param("stage", stage).param("f", files).param("b", bytes)
                .param("t", total).param("r", rate).update() > 0;
    }

    boolean finish(UUID id, UUID serverId, JobStatus status, String detail, String recoveryPointId, long files,
                   long bytes, long transferred, Instant endedAt) {
        return jdbc.sql("""
                update backup_job set status = :st, detail = :d, recovery_point_id = :rp, files_done = :f,
                    bytes_done = :b, bytes_transferred = :x, ended_at = :e, stage = 'DONE', bytes_per_second = 0
                where id = :id and server_id = :s and status in ('QUEUED', 'IN_PROGRESS')""")
                .param("id", id).param("s", serverId).param("st", status.name()).param("d", detail)
                .param("rp", recoveryPointId).param("f", files).param("b", bytes).param("x", transferred)
                .param("e", Timestamps.toDb(endedAt)).update() > 0;
    }

    List<BackupJob> page(UUID serverId, int offset, int limit) {
        return jdbc.sql(SELECT + (serverId == null ? "" : " where j.server_id = :s")
                        + " order by j.started_at desc, j.id offset :o rows fetch next :l rows only")
                .params(serverId == null ? java.util.Map.of() : java.util.Map.of("s", serverId))
                .param("o", offset).param("l", limit).query((rs, n) -> map(rs)).list();
    }

    long count(UUID serverId) {
        return jdbc.sql("select count(*) from backup_job" + (serverId == null ? "" : " where server_id = :s"))
                .params(serverId == null ? java.util.Map.of() : java.util.Map.of("s", serverId))
                .query(Long.class).single();
    }

    Optional<BackupJob> find(UUID id) {
        return jdbc.sql(SELECT + " where j.id = :id").param("id", id).query((rs, n) -> map(rs)).optional();
    }

    private static BackupJob map(ResultSet rs) throws SQLException {
        return new BackupJob(rs.getObject("id", UUID.class), rs.getObject("vault_id", UUID.class),
                rs.getObject("server_id", UUID.class), rs.getString("server_name"), rs.getString("operation"),
                rs.getString("item"), rs.getString("trigger_kind"), JobStatus.valueOf(rs.getString("status")),
                rs.getString("stage"), Timestamps.fromDb(rs, "started_at"), Timestamps.fromDb(rs, "ended_at"),
                rs.getLong("files_done"), rs.getLong("bytes_done"), rs.getLong("bytes_total"),
                rs.getLong("bytes_per_second"), rs.getLong("bytes_transferred"), rs.getString("recovery_point_id"),
                rs.getString("detail"), rs.getString("requested_by"));
    }
}

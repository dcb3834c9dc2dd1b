package io.vaultfleet.console.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.identity.VaultReach;
import io.vaultfleet.console.platform.Timestamps;
import io.vaultfleet.console.readmodel.Labels;
import io.vaultfleet.console.readmodel.VaultsInReach;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobStage;
import io.vaultfleet.protocol.SkippedItem;

/** Jobs, newest first; the server's name is read with each row (through the read model's {@link Labels}). */
@Repository
class JobRepository {
    private static final String SELECT = "select j.*, " + Labels.serverName("j.server_id") + " as server_name"
            + " from backup_job j";

    /** Jobs still waiting for their agent: queued or in progress. */
    private static final String OPEN = "status in ('QUEUED', 'IN_PROGRESS')";
    /** An open job, or one failed only because its agent went quiet: the agent's own word still settles it. */
    private static final String SETTLEABLE = "(" + OPEN + " or (status = 'FAILED' and stalled_at is not null))";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    JobRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** One on-demand backup to record. */
    record NewJob(UUID id, UUID vaultId, UUID serverId, String item, String paths, String requestedBy,
                  LocalDate retainUntil) {
    }

    /** Records on-demand backup jobs in one batch (a whole vault's servers at once). */
    void insertOnDemand(List<NewJob> rows, Instant now) {
        Object at = Timestamps.toDb(now);
        batch.batchUpdate("""
                insert into backup_job (id, vault_id, operation, status, started_at, server_id, item, trigger_kind,
                    requested_by, paths, stage, retain_until, last_report_at)
                values (?, ?, 'BACKUP', 'QUEUED', ?, ?, ?, 'ON_DEMAND', ?, ?, 'QUEUED', ?, ?)""", rows, 500, (ps, row) -> {
            ps.setObject(1, row.id());
            ps.setObject(2, row.vaultId());
            ps.setObject(3, at);
            ps.setObject(4, row.serverId());
            ps.setString(5, row.item());
            ps.setString(6, row.requestedBy());
            ps.setString(7, row.paths());
            ps.setObject(8, row.retainUntil());
            ps.setObject(9, at);
        });
    }

    /**
     * Records a restore (QUEUED) on {@code serverId} that reads the backups of {@code sourceServerId} (the same server
     * for its own backups). Its recovery point column names the point restored, from the start.
     */
    void insertRestore(UUID id, UUID vaultId, UUID serverId, UUID sourceServerId, String mode, String recoveryPointId,
                       String requestedBy, Instant now) {
        jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, server_id, source_server_id, item,
                    trigger_kind, requested_by, stage, recovery_point_id, last_report_at)
                values (:id, :v, 'RESTORE', 'QUEUED', :now, :s, :src, :item, 'ON_DEMAND', :by, 'QUEUED', :rp, :now)""")
                .param("id", id).param("v", vaultId).param("s", serverId).param("src", sourceServerId)
                .param("item", mode).param("by", requestedBy).param("rp", recoveryPointId)
                .param("now", Timestamps.toDb(now)).update();
    }

    /**
     * Inserts a maintenance job (IN_PROGRESS) for a server only if the server has no queued or running job, and no
     * restore on another server reads its backups; false when it has one.
     */
    boolean insertMaintenanceIfIdle(UUID id, UUID vaultId, UUID serverId, String operation, String trigger,
                                    String requestedBy, Instant now) {
        return jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, server_id, trigger_kind,
                    requested_by, stage)
                select :id, :v, :op, 'IN_PROGRESS', :now, :s, :trigger, :by, 'RUNNING' from (values (1)) as one_row (n)
                where not exists (select 1 from backup_job where (server_id = :s or source_server_id = :s)
                    and status in ('QUEUED', 'IN_PROGRESS'))""")
                .param("id", id).param("v", vaultId).param("s", serverId).param("op", operation)
                .param("trigger", trigger).param("by", requestedBy).param("now", Timestamps.toDb(now)).update() > 0;
    }

    boolean finishMaintenance(UUID id, JobStatus status, String detail, long items, long bytes, Instant endedAt) {
        return jdbc.sql("""
                update backup_job set status = :st, detail = :d, files_done = :f, bytes_done = :b, ended_at = :e,
                    stage = 'DONE'
                where id = :id and status = 'IN_PROGRESS'""")
                .param("id", id).param("st", status.name()).param("d", fit(detail)).param("f", items).param("b", bytes)
                .param("e", Timestamps.toDb(endedAt)).update() > 0;
    }

    Map<String, LocalDate> retainTill(UUID serverId) {
        Map<String, LocalDate> result = new HashMap<>();
        jdbc.sql("""
                select recovery_point_id, retain_until from backup_job
                where server_id = :s and recovery_point_id is not null and retain_until is not null""")
                .param("s", serverId)
                .query(rs -> {
                    result.merge(rs.getString("recovery_point_id"), rs.getObject("retain_until", LocalDate.class),
                            (a, b) -> a.isAfter(b) ? a : b);
                });
        return result;
    }

    List<UUID> running(String operation) {
        return jdbc.sql("select id from backup_job where operation = :op and status = 'IN_PROGRESS'")
                .param("op", operation).query(UUID.class).list();
    }

    /** Of {@code serverIds}, those whose retention clean-up or purge is running: one query per 500 servers. */
    Set<UUID> maintenanceRunning(Collection<UUID> serverIds) {
        List<UUID> ids = List.copyOf(serverIds);
        Set<UUID> running = new HashSet<>();
        for (int i = 0; i < ids.size(); i += 500) {
            running.addAll(jdbc.sql("""
                    select distinct server_id from backup_job where server_id in (:s) and status = 'IN_PROGRESS'
                        and operation in ('RETENTION_CLEANUP', 'PURGE')""")
                    .param("s", ids.subList(i, Math.min(ids.size(), i + 500))).query(UUID.class).list());
        }
        return running;
    }

    boolean maintenanceRunning(UUID serverId) {
        return jdbc.sql("""
                select count(*) from backup_job where server_id = :s and status = 'IN_PROGRESS'
                    and operation in ('RETENTION_CLEANUP', 'PURGE')""").param("s", serverId).query(Long.class).single() > 0;
    }

    /** A job the agent's own schedule started; {@code receivedAt} starts its stall watch (it may be reported late). */
    boolean insertScheduled(UUID id, UUID vaultId, UUID serverId, String item, Instant startedAt, Instant receivedAt) {
        if (jdbc.sql("select count(*) from backup_job where id = :id").param("id", id).query(Long.class).single() > 0) {
            return false;
        }
        jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, server_id, item, trigger_kind,
                    requested_by, stage, last_report_at, running_since)
                values (:id, :v, 'BACKUP', 'IN_PROGRESS', :at, :s, :item, 'SCHEDULED', 'schedule', 'PRECHECK', :now,
                    :at)""")
                .param("id", id).param("v", vaultId).param("s", serverId).param("item", item)
                .param("at", Timestamps.toDb(startedAt)).param("now", Timestamps.toDb(receivedAt)).update();
        return true;
    }

    /** What fits the {@code detail} column (2,000 characters), cut with an ellipsis. */
    static String fit(String detail) {
        detail = storable(detail);
        return detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 1999) + "…";
    }

    void setStatus(UUID id, JobStatus status, String detail, Instant endedAt) {
        jdbc.sql("update backup_job set status = :st, detail = :d, ended_at = :e where id = :id")
                .param("id", id).param("st", status.name()).param("d", fit(detail))
                .param("e", endedAt == null ? null : Timestamps.toDb(endedAt)).update();
    }

    /**
     * Records progress of a running job of {@code serverId} (a job failed as stalled runs again: its agent is back);
     * false when there is no such job.
     */
    boolean progress(UUID id, UUID serverId, JobStage stage, long files, long bytes, long total, long rate, Instant now) {
        return jdbc.sql("""
                update backup_job set status = 'IN_PROGRESS', stage = :stage, files_done = :f, bytes_done = :b,
                    bytes_total = :t, bytes_per_second = :r, last_report_at = :now, stalled_at = null, ended_at = null,
                    running_since = coalesce(running_since, :now)
                where id = :id and server_id = :s and """ + SETTLEABLE)
                .param("id", id).param("s", serverId).param("stage", stage.name()).param("f", files).param("b", bytes)
                .param("t", total).param("r", rate).param("now", Timestamps.toDb(now)).update() > 0;
    }

    /**
     * Settles a job of {@code serverId} with the agent's result, replacing any skipped items stored before; false when
     * there is no such job to settle. A problem recorded by an earlier attempt to store the result is cleared. A failed
     * or cancelled job keeps the stage it stopped in, so the job page can show where that was.
     */
    boolean finish(UUID id, UUID serverId, JobStatus status, String detail, String recoveryPointId, long files,
                   long bytes, long transferred, Instant endedAt, List<SkippedItem> skipped, long skippedNotListed) {
        boolean settled = jdbc.sql("""
                update backup_job set status = :st, detail = :d, recovery_point_id = :rp, files_done = :f,
                    bytes_done = :b, bytes_transferred = :x, ended_at = :e,
                    stage = case when :st in ('FAILED', 'CANCELLED') then stage else 'DONE' end, bytes_per_second = 0,
                    last_report_at = :e, stalled_at = null, skipped_not_listed = :more, report_problem = null,
                    report_problem_at = null
                where id = :id and server_id = :s and """ + SETTLEABLE)
                .param("id", id).param("s", serverId).param("st", status.name()).param("d", fit(detail))
                .param("rp", recoveryPointId).param("f", files).param("b", bytes).param("x", transferred)
                .param("more", skippedNotListed).param("e", Timestamps.toDb(endedAt)).update() > 0;
        if (settled) {
            jdbc.sql("delete from backup_job_skipped_item where job_id = :id").param("id", id).update();
            List<Integer> positions = IntStream.range(0,
                    Math.min(skipped.size(), JobFinished.MAX_SKIPPED_LISTED)).boxed().toList();
            batch.batchUpdate("insert into backup_job_skipped_item (job_id, position, path, reason) values (?, ?, ?, ?)",
                    positions, 500, (ps, position) -> {
                        ps.setObject(1, id);
                        ps.setInt(2, position);
                        ps.setString(3, storable(skipped.get(position).path()));
                        ps.setString(4, storable(skipped.get(position).reason()));
                    });
        }
        return settled;
    }

    /** The items a job skipped, in the agent's order (the first 1,000 at most). */
    List<SkippedItem> skipped(UUID id) {
        return jdbc.sql("select path, reason from backup_job_skipped_item where job_id = :id order by position")
                .param("id", id).query((rs, n) -> new SkippedItem(rs.getString("path"), rs.getString("reason"))).list();
    }

    /**
     * The agent reported on job {@code id}, but storing the report failed: says so on the job (its status stays as it
     * was, since the result itself could not be stored) and counts as news from the agent, so the job is not shown
     * stalled. Cleared when a later attempt stores the report. A job already settled is left as it is (false).
     */
    boolean recordReportProblem(UUID id, UUID serverId, String problem, Instant at) {
        return jdbc.sql("""
                update backup_job set report_problem = :p, report_problem_at = :at, last_report_at = :at,
                    stalled_at = null
                where id = :id and server_id = :s and """ + SETTLEABLE)
                .param("id", id).param("s", serverId).param("p", fit(storable(problem)))
                .param("at", Timestamps.toDb(at)).update() > 0;
    }

    /** Text any database stores: PostgreSQL refuses the NUL character, which a path or reason might carry. */
    static String storable(String text) {
        return text == null ? null : text.replace((char) 0, '\uFFFD');
    }

    List<BackupJob> page(JobQuery query, VaultReach reach, int offset, int limit) {
        StringBuilder sql = new StringBuilder(SELECT);
        Map<String, Object> params = where(query, reach, sql);
        sql.append(" order by j.started_at desc, j.id offset :o rows fetch next :l rows only");
        return jdbc.sql(sql.toString()).params(params).param("o", offset).param("l", limit)
                .query((rs, n) -> map(rs)).list();
    }

    long count(JobQuery query, VaultReach reach) {
        StringBuilder sql = new StringBuilder("select count(*) from backup_job j");
        Map<String, Object> params = where(query, reach, sql);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    /** The list's filters, and only jobs of vaults in the user's reach. */
    private static Map<String, Object> where(JobQuery query, VaultReach reach, StringBuilder sql) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>(VaultsInReach.params(reach));
        if (!reach.everything()) {
            conditions.add(VaultsInReach.sql(reach, "j.vault_id"));
        }
        if (query.vaultId() != null) {
            conditions.add("j.vault_id = :vault");
            params.put("vault", query.vaultId());
        }
        if (query.serverId() != null) {
            conditions.add("j.server_id = :server");
            params.put("server", query.serverId());
        }
        if (!query.serverName().isEmpty()) {
            conditions.add(Labels.serverNameLike("j.server_id", "name"));
            params.put("name", "%" + query.serverName().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (!query.statuses().isEmpty()) {
            conditions.add("j.status in (:statuses)");
            params.put("statuses", query.statuses().stream().map(Enum::name).toList());
        }
        if (!query.operations().isEmpty()) {
            conditions.add("j.operation in (:operations)");
            params.put("operations", query.operations().stream().map(Enum::name).toList());
        }
        if (query.startedFrom() != null) {
            conditions.add("j.started_at >= :from");
            params.put("from", Timestamps.toDb(query.startedFrom()));
        }
        if (query.startedUntil() != null) {
            conditions.add("j.started_at < :until");
            params.put("until", Timestamps.toDb(query.startedUntil()));
        }
        if (!conditions.isEmpty()) {
            sql.append(" where ").append(String.join(" and ", conditions));
        }
        return params;
    }

    List<BackupJob> findAll(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, BackupJob> byId = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            jdbc.sql(SELECT + " where j.id in (:ids)").param("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
                    .query((rs, n) -> map(rs)).list().forEach(j -> byId.put(j.id(), j));
        }
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    void requestCancel(UUID id, String by, Instant at) {
        jdbc.sql("update backup_job set cancel_requested_by = :by, cancel_requested_at = :at where id = :id and " + OPEN)
                .param("id", id).param("by", by).param("at", Timestamps.toDb(at)).update();
    }

    /** Open jobs of a server whose cancel request the agent may have missed. */
    List<BackupJob> cancelsPending(UUID serverId) {
        return jdbc.sql(SELECT + " where j.server_id = :s and j.cancel_requested_at is not null"
                        + " and j.status in ('QUEUED', 'IN_PROGRESS')")
                .param("s", serverId).query((rs, n) -> map(rs)).list();
    }

    /** Open agent jobs not heard of since {@code before} and not yet flagged: they are stalled from now. */
    List<BackupJob> markStalled(Instant before, Instant now) {
        List<BackupJob> quiet = jdbc.sql(SELECT + " where j.operation in ('BACKUP', 'RESTORE') and j.stalled_at is null"
                        + " and j.report_problem is null"
                        + " and j.status in ('QUEUED', 'IN_PROGRESS') and coalesce(j.last_report_at, j.started_at) < :before")
                .param("before", Timestamps.toDb(before)).query((rs, n) -> map(rs)).list();
        for (BackupJob job : quiet) {
            jdbc.sql("update backup_job set stalled_at = :now where id = :id and stalled_at is null")
                    .param("id", job.id()).param("now", Timestamps.toDb(now)).update();
        }
        return quiet;
    }

    /** Stalled jobs not heard of since {@code before}: failed now, with the reason. */
    List<BackupJob> failStalled(Instant before, Instant now, Function<BackupJob, String> reason) {
        List<BackupJob> lost = jdbc.sql(SELECT + " where j.operation in ('BACKUP', 'RESTORE') and j.stalled_at is not null"
                        + " and j.report_problem is null"
                        + " and j.status in ('QUEUED', 'IN_PROGRESS') and coalesce(j.last_report_at, j.started_at) < :before")
                .param("before", Timestamps.toDb(before)).query((rs, n) -> map(rs)).list();
        for (BackupJob job : lost) {
            jdbc.sql("update backup_job set status = 'FAILED', detail = :d, ended_at = :now, bytes_per_second = 0"
                            + " where id = :id and status in ('QUEUED', 'IN_PROGRESS')")
                    .param("id", job.id()).param("d", reason.apply(job)).param("now", Timestamps.toDb(now)).update();
        }
        return lost;
    }

    Optional<BackupJob> firstCompletedBackup(UUID serverId) {
        return jdbc.sql(SELECT + " where j.server_id = :s and j.operation = 'BACKUP'"
                        + " and j.status in ('COMPLETED', 'COMPLETED_WITH_WARNINGS') order by j.ended_at fetch first 1 rows only")
                .param("s", serverId).query((rs, n) -> map(rs)).optional();
    }

    Optional<BackupJob> find(UUID id) {
        return jdbc.sql(SELECT + " where j.id = :id").param("id", id).query((rs, n) -> map(rs)).optional();
    }

    private static BackupJob map(ResultSet rs) throws SQLException {
        return new BackupJob(rs.getObject("id", UUID.class), rs.getObject("vault_id", UUID.class),
                rs.getObject("server_id", UUID.class), rs.getString("server_name"), rs.getString("operation"),
                rs.getString("item"), rs.getString("trigger_kind"), JobStatus.valueOf(rs.getString("status")),
                stage(rs.getString("stage")), Timestamps.fromDb(rs, "started_at"), Timestamps.fromDb(rs, "ended_at"),
                rs.getLong("files_done"), rs.getLong("bytes_done"), rs.getLong("bytes_total"),
                rs.getLong("bytes_per_second"), rs.getLong("bytes_transferred"), rs.getString("recovery_point_id"),
                rs.getString("detail"), rs.getString("requested_by"), rs.getObject("retain_until", LocalDate.class),
                Timestamps.fromDb(rs, "last_report_at"), Timestamps.fromDb(rs, "stalled_at"),
                rs.getString("cancel_requested_by"), Timestamps.fromDb(rs, "cancel_requested_at"),
                rs.getLong("skipped_not_listed"), rs.getString("report_problem"), Timestamps.fromDb(rs, "report_problem_at"),
                Timestamps.fromDb(rs, "running_since"));
    }

    private static JobStage stage(String name) {
        return name == null ? null : JobStage.valueOf(name);
    }
}

package io.vaultfleet.console.policy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.Month;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.platform.Timestamps;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.policy.BackupSchedule;
import io.vaultfleet.protocol.policy.NetworkThrottle;
import tools.jackson.databind.json.JsonMapper;

/** Policies and the server ↔ policy assignments with their reported state. Plain SQL for H2 and PostgreSQL. */
@Repository
class PolicyRepository {
    private final JdbcClient jdbc;

    PolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A server's policy state row. */
    record Assignment(UUID serverId, UUID policyId, String expectedHash, Instant assignedAt, String assignedBy,
                      Instant sentAt, String reportedHash, Instant reportedAt, boolean drifted, String driftDetail,
                      NetworkThrottle throttleOverride) {
    }

    private static final JsonMapper JSON = new ProtocolCodec().mapper();

    /** Gives one server its own throttling ({@code null}: its policy's) and the policy hash its agent must report. */
    void setThrottleOverride(UUID serverId, NetworkThrottle throttle, String expectedHash) {
        jdbc.sql("update server_policy set throttle_override = :t, expected_hash = :h where server_id = :s")
                .param("s", serverId).param("t", throttle == null ? null : JSON.writeValueAsString(throttle))
                .param("h", expectedHash).update();
    }

    void setExpectedHash(UUID serverId, String hash) {
        jdbc.sql("update server_policy set expected_hash = :h where server_id = :s").param("s", serverId)
                .param("h", hash).update();
    }

    void insert(UUID id, UUID vaultId, PolicyDraft d, String by, Instant now) {
        jdbc.sql("""
                insert into backup_policy (id, vault_id, name, name_key, items, include_paths, exclude_patterns,
                    frequency, times, days, time_zone, daily_days, weekly_weeks, weekly_on, monthly_months,
                    monthly_on_day, yearly_years, yearly_in, yearly_on_day, throttle_work_kbps, throttle_nonwork_kbps,
                    throttle_work_days, throttle_work_start, throttle_work_end, throttle_uploads, revision,
                    created_at, created_by, updated_at, updated_by)
                values (:id, :vault, :name, :key, :items, :inc, :exc, :freq, :times, :days, :tz, :dd, :ww, :won, :mm,
                    :mon, :yy, :yin, :yon, :twk, :tnk, :tdays, :tstart, :tend, :tup, 1, :now, :by, :now, :by)""")
                .param("id", id).param("vault", vaultId).params(columns(d)).param("now", Timestamps.toDb(now))
                .param("by", by).update();
    }

    boolean update(UUID id, int expectedRevision, PolicyDraft d, String by, Instant now) {
        return jdbc.sql("""
                update backup_policy set name = :name, name_key = :key, items = :items, include_paths = :inc,
                    exclude_patterns = :exc, frequency = :freq, times = :times, days = :days, time_zone = :tz,
                    daily_days = :dd, weekly_weeks = :ww, weekly_on = :won, monthly_months = :mm,
                    monthly_on_day = :mon, yearly_years = :yy, yearly_in = :yin, yearly_on_day = :yon,
                    throttle_work_kbps = :twk, throttle_nonwork_kbps = :tnk, throttle_work_days = :tdays,
                    throttle_work_start = :tstart, throttle_work_end = :tend, throttle_uploads = :tup,
                    revision = revision + 1, updated_at = :now, updated_by = :by
                where id = :id and revision = :rev""")
                .param("id", id).param("rev", expectedRevision).params(columns(d))
                .param("now", Timestamps.toDb(now)).param("by", by).update() > 0;
    }

    boolean nameTaken(UUID vaultId, String name, UUID except) {
        return jdbc.sql("select count(*) from backup_policy where vault_id = :v and name_key = :k and id <> :id")
                .param("v", vaultId).param("k", key(name)).param("id", except == null ? new UUID(0, 0) : except)
                .query(Long.class).single() > 0;
    }

    Optional<BackupPolicy> find(UUID id) {
        return jdbc.sql("select * from backup_policy where id = :id").param("id", id).query((rs, n) -> map(rs))
                .optional();
    }

    List<BackupPolicy> forVault(UUID vaultId) {
        return jdbc.sql("select * from backup_policy where vault_id = :v order by name_key").param("v", vaultId)
                .query((rs, n) -> map(rs)).list();
    }

    boolean delete(UUID id) {
        return jdbc.sql("delete from backup_policy where id = :id").param("id", id).update() > 0;
    }

    // ---- assignments ------------------------------------------------------------------------------------------

    void assign(UUID serverId, UUID policyId, String hash, String by, Instant now) {
        int updated = jdbc.sql("""
                update server_policy set policy_id = :p, expected_hash = :h, assigned_at = :now, assigned_by = :by
                where server_id = :s""")
                .param("s", serverId).param("p", policyId).param("h", hash).param("now", Timestamps.toDb(now))
                .param("by", by).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into server_policy (server_id, policy_id, expected_hash, assigned_at, assigned_by)
                    values (:s, :p, :h, :now, :by)""")
                    .param("s", serverId).param("p", policyId).param("h", hash).param("now", Timestamps.toDb(now))
                    .param("by", by).update();
        }
    }

    Optional<Assignment> assignment(UUID serverId) {
        return jdbc.sql("select * from server_policy where server_id = :s").param("s", serverId)
                .query((rs, n) -> mapAssignment(rs)).optional();
    }

    List<Assignment> assignments(Collection<UUID> serverIds) {
        if (serverIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from server_policy where server_id in (:ids)").param("ids", List.copyOf(serverIds))
                .query((rs, n) -> mapAssignment(rs)).list();
    }

    List<UUID> serversOf(UUID policyId) {
        return jdbc.sql("select server_id from server_policy where policy_id = :p").param("p", policyId)
                .query(UUID.class).list();
    }

    void sent(UUID serverId, Instant at) {
        jdbc.sql("update server_policy set sent_at = :at where server_id = :s").param("s", serverId)
                .param("at", Timestamps.toDb(at)).update();
    }

    /** Records what the agent reports; creates the row (no policy expected) for a server that was never assigned one. */
    void reported(UUID serverId, String hash, boolean drifted, String detail, Instant at) {
        int updated = jdbc.sql("""
                update server_policy set reported_hash = :h, reported_at = :at, drifted = :d, drift_detail = :dd
                where server_id = :s""")
                .param("s", serverId).param("h", hash).param("at", Timestamps.toDb(at)).param("d", drifted)
                .param("dd", detail).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into server_policy (server_id, policy_id, expected_hash, assigned_at, assigned_by,
                        reported_hash, reported_at, drifted, drift_detail)
                    values (:s, null, '', :at, 'system', :h, :at, :d, :dd)""")
                    .param("s", serverId).param("h", hash).param("at", Timestamps.toDb(at)).param("d", drifted)
                    .param("dd", detail).update();
        }
    }

    // ---- mapping ----------------------------------------------------------------------------------------------

    private static Map<String, Object> columns(PolicyDraft d) {
        var m = new HashMap<String, Object>();
        m.put("name", d.name());
        m.put("key", key(d.name()));
        m.put("items", String.join(",", d.items()));
        m.put("inc", String.join("\n", d.include()));
        m.put("exc", String.join("\n", d.exclude()));
        m.put("freq", d.schedule().frequency().name());
        m.put("times", String.join(",", d.schedule().times()));
        m.put("days", String.join(",", d.schedule().days().stream().map(Enum::name).toList()));
        m.put("tz", d.schedule().timeZone());
        RetentionRules r = d.retention();
        m.put("dd", r.dailyDays());
        m.put("ww", r.weeklyWeeks());
        m.put("won", r.weeklyOn() == null ? null : r.weeklyOn().name());
        m.put("mm", r.monthlyMonths());
        m.put("mon", r.monthlyOnDay());
        m.put("yy", r.yearlyYears());
        m.put("yin", r.yearlyIn() == null ? null : r.yearlyIn().name());
        m.put("yon", r.yearlyOnDay());
        NetworkThrottle t = d.throttle();
        m.put("twk", t == null ? null : t.workHoursKbps());
        m.put("tnk", t == null ? null : t.nonWorkHoursKbps());
        m.put("tdays", t == null ? null : String.join(",", t.workDays().stream().map(Enum::name).toList()));
        m.put("tstart", t == null ? null : t.workStart());
        m.put("tend", t == null ? null : t.workEnd());
        m.put("tup", t == null ? null : t.maxConcurrentUploads());
        return m;
    }

    private static BackupPolicy map(ResultSet rs) throws SQLException {
        BackupSchedule schedule = new BackupSchedule(BackupSchedule.Frequency.valueOf(rs.getString("frequency")),
                split(rs.getString("times"), ","), split(rs.getString("days"), ",").stream().map(DayOfWeek::valueOf)
                .toList(), rs.getString("time_zone"));
        String weeklyOn = rs.getString("weekly_on");
        String yearlyIn = rs.getString("yearly_in");
        RetentionRules retention = new RetentionRules(rs.getInt("daily_days"), rs.getInt("weekly_weeks"),
                weeklyOn == null ? null : DayOfWeek.valueOf(weeklyOn), rs.getInt("monthly_months"),
                rs.getInt("monthly_on_day"), rs.getInt("yearly_years"), yearlyIn == null ? null : Month.valueOf(yearlyIn),
                rs.getInt("yearly_on_day"));
        NetworkThrottle throttle = null;
        long work = rs.getLong("throttle_work_kbps");
        if (!rs.wasNull()) {
            throttle = new NetworkThrottle(work, rs.getLong("throttle_nonwork_kbps"),
                    split(rs.getString("throttle_work_days"), ",").stream().map(DayOfWeek::valueOf).toList(),
                    rs.getString("throttle_work_start"), rs.getString("throttle_work_end"), rs.getInt("throttle_uploads"));
        }
        PolicyDraft draft = new PolicyDraft(rs.getString("name"), split(rs.getString("items"), ","),
                split(rs.getString("include_paths"), "\n"), split(rs.getString("exclude_patterns"), "\n"), schedule,
                retention, throttle);
        return new BackupPolicy(rs.getObject("id", UUID.class), rs.getObject("vault_id", UUID.class), draft,
                rs.getInt("revision"), Timestamps.fromDb(rs, "updated_at"), rs.getString("updated_by"));
    }

    private static Assignment mapAssignment(ResultSet rs) throws SQLException {
        return new Assignment(rs.getObject("server_id", UUID.class), rs.getObject("policy_id", UUID.class),
                rs.getString("expected_hash"), Timestamps.fromDb(rs, "assigned_at"), rs.getString("assigned_by"),
                Timestamps.fromDb(rs, "sent_at"), rs.getString("reported_hash"), Timestamps.fromDb(rs, "reported_at"),
                rs.getBoolean("drifted"), rs.getString("drift_detail"), throttle(rs.getString("throttle_override")));
    }

    private static NetworkThrottle throttle(String json) {
        return json == null ? null : JSON.readValue(json, NetworkThrottle.class);
    }

    private static List<String> split(String text, String separator) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(text.split(separator)).filter(s -> !s.isEmpty()).toList();
    }

    static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}

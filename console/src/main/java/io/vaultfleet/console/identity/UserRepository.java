package io.vaultfleet.console.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.vaultfleet.console.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users and their global roles in the database. */
@Repository
class UserRepository {
    private final JdbcClient jdbc;
    private final Clock clock;

    UserRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A stored user with the columns only authentication needs. */
    record StoredUser(ConsoleUser user, String passwordHash) {
    }

    long count() {
        return jdbc.sql("select count(*) from console_user").query(Long.class).single();
    }

    Optional<StoredUser> findByUsername(String username) {
        return jdbc.sql(SELECT + " where u.username_key = :key")
                .param("key", key(username))
                .query((rs, n) -> new StoredUser(map(rs), rs.getString("password_hash")))
                .optional();
    }

    List<ConsoleUser> findAll() {
        return jdbc.sql(SELECT + " order by u.username_key").query((rs, n) -> map(rs)).list();
    }

    ConsoleUser insert(String username, String displayName, String passwordHash, Role role) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into console_user (id, username, username_key, display_name, password_hash, enabled,
                                          created_at, password_changed_at)
                values (:id, :username, :key, :display, :hash, true, :now, :now)""")
                .param("id", id).param("username", username).param("key", key(username))
                .param("display", displayName).param("hash", passwordHash).param("now", Timestamps.toDb(now))
                .update();
        setGlobalRole(id, role);
        return new ConsoleUser(id, username, displayName, true, role, now);
    }

    void setGlobalRole(UUID userId, Role role) {
        jdbc.sql("delete from role_assignment where user_id = :id and scope_kind = 'GLOBAL'").param("id", userId).update();
        jdbc.sql("""
                insert into role_assignment (id, user_id, role, scope_kind, scope_id, created_at)
                values (:rid, :id, :role, 'GLOBAL', null, :now)""")
                .param("rid", UUID.randomUUID()).param("id", userId).param("role", role.name())
                .param("now", Timestamps.toDb(clock.instant()))
                .update();
    }

    void updatePassword(UUID userId, String passwordHash) {
        jdbc.sql("update console_user set password_hash = :hash, password_changed_at = :now where id = :id")
                .param("hash", passwordHash).param("now", Timestamps.toDb(clock.instant())).param("id", userId)
                .update();
    }

    void setEnabled(UUID userId, boolean enabled) {
        jdbc.sql("update console_user set enabled = :enabled where id = :id")
                .param("enabled", enabled).param("id", userId).update();
    }

    long countEnabledOwners() {
        return jdbc.sql("""
                select count(*) from console_user u join role_assignment r on r.user_id = u.id
                where u.enabled and r.scope_kind = 'GLOBAL' and r.role = 'OWNER'""").query(Long.class).single();
    }

    private static final String SELECT = """
            select u.id, u.username, u.display_name, u.enabled, u.created_at, u.password_hash,
                   (select r.role from role_assignment r where r.user_id = u.id and r.scope_kind = 'GLOBAL') as global_role
            from console_user u""";

    private static ConsoleUser map(ResultSet rs) throws SQLException {
        String role = rs.getString("global_role");
        return new ConsoleUser(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("display_name"),
                rs.getBoolean("enabled"), role == null ? null : Role.valueOf(role), Timestamps.fromDb(rs, "created_at"));
    }

    static String key(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }
}

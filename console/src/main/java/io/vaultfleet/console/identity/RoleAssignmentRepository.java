package io.vaultfleet.console.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.vaultfleet.console.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Role assignments at every scope kind. */
@Repository
class RoleAssignmentRepository {
    private static final String SELECT = """
            select r.id, r.user_id, u.username, r.role, r.scope_kind, r.scope_id, r.created_at
            from role_assignment r join console_user u on u.id = r.user_id""";
    private final JdbcClient jdbc;
    private final Clock clock;

    RoleAssignmentRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Every assignment of an enabled user, by user name (case-insensitive). */
    List<RoleAssignment> forUser(String username) {
        return jdbc.sql(SELECT + " where u.username_key = :key and u.enabled")
                .param("key", UserRepository.key(username)).query(RoleAssignmentRepository::map).list();
    }

    List<RoleAssignment> atScope(ScopeKind kind, UUID scopeId) {
        return jdbc.sql(SELECT + " where r.scope_kind = :kind and r.scope_id = :scope order by u.username_key")
                .param("kind", kind.name()).param("scope", scopeId).query(RoleAssignmentRepository::map).list();
    }

    Optional<RoleAssignment> find(UUID id) {
        return jdbc.sql(SELECT + " where r.id = :id").param("id", id).query(RoleAssignmentRepository::map).optional();
    }

    RoleAssignment insert(UUID userId, String username, Role role, ScopeKind kind, UUID scopeId) {
        UUID id = UUID.randomUUID();
        var now = clock.instant();
        jdbc.sql("""
                insert into role_assignment (id, user_id, role, scope_kind, scope_id, created_at)
                values (:id, :user, :role, :kind, :scope, :now)""")
                .param("id", id).param("user", userId).param("role", role.name()).param("kind", kind.name())
                .param("scope", scopeId).param("now", Timestamps.toDb(now)).update();
        return new RoleAssignment(id, userId, username, role, kind, scopeId, now);
    }

    void delete(UUID id) {
        jdbc.sql("delete from role_assignment where id = :id").param("id", id).update();
    }

    private static RoleAssignment map(ResultSet rs, int n) throws SQLException {
        return new RoleAssignment(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getString("username"), Role.valueOf(rs.getString("role")),
                ScopeKind.valueOf(rs.getString("scope_kind")), rs.getObject("scope_id", UUID.class),
                Timestamps.fromDb(rs, "created_at"));
    }
}

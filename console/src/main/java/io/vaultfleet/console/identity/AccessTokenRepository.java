package io.vaultfleet.console.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.vaultfleet.console.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Access tokens in the database, found by the SHA-256 of their secret. */
@Repository
class AccessTokenRepository {
    private final JdbcClient jdbc;

    AccessTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored token with the user it acts for. */
    record Stored(AccessToken token, UUID userId, String username) {
    }

    void insert(AccessToken token, UUID userId, String secretHash) {
        jdbc.sql("""
                insert into access_token (id, user_id, name, secret_hash, role, vault_id, created_at, expires_at)
                values (:id, :user, :name, :hash, :role, :vault, :created, :expires)""")
                .param("id", token.id()).param("user", userId).param("name", token.name()).param("hash", secretHash)
                .param("role", token.role().name()).param("vault", token.vaultId())
                .param("created", Timestamps.toDb(token.createdAt())).param("expires", Timestamps.toDb(token.expiresAt()))
                .update();
    }

    Optional<Stored> findBySecretHash(String secretHash) {
        return jdbc.sql(SELECT + " where t.secret_hash = :hash").param("hash", secretHash)
                .query((rs, n) -> new Stored(map(rs), rs.getObject("user_id", UUID.class), rs.getString("username")))
                .optional();
    }

    List<AccessToken> forUser(UUID userId) {
        return jdbc.sql(SELECT + " where t.user_id = :user order by t.created_at desc, t.name").param("user", userId)
                .query((rs, n) -> map(rs)).list();
    }

    boolean revoke(UUID id, UUID userId, Instant at) {
        return jdbc.sql("update access_token set revoked_at = :at where id = :id and user_id = :user and revoked_at is null")
                .param("at", Timestamps.toDb(at)).param("id", id).param("user", userId).update() == 1;
    }

    void used(UUID id, Instant at) {
        jdbc.sql("update access_token set last_used_at = :at where id = :id").param("at", Timestamps.toDb(at))
                .param("id", id).update();
    }

    private static final String SELECT = """
            select t.id, t.user_id, u.username, t.name, t.role, t.vault_id, t.created_at, t.expires_at, t.revoked_at,
                   t.last_used_at
            from access_token t join console_user u on u.id = t.user_id""";

    private static AccessToken map(ResultSet rs) throws SQLException {
        return new AccessToken(rs.getObject("id", UUID.class), rs.getString("name"), Role.valueOf(rs.getString("role")),
                rs.getObject("vault_id", UUID.class), Timestamps.fromDb(rs, "created_at"),
                Timestamps.fromDb(rs, "expires_at"), Timestamps.fromDb(rs, "revoked_at"),
                Timestamps.fromDb(rs, "last_used_at"));
    }
}

package io.vaultfleet.console.downloads;

import java.time.Instant;
import java.util.UUID;

import io.vaultfleet.console.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CredentialRepository {
    private final JdbcClient jdbc;

    CredentialRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID vaultId, String secretHash, String keyId, Instant issuedAt, Instant expiresAt, String by) {
        jdbc.sql("""
                insert into vault_credential (id, vault_id, secret_hash, key_id, issued_at, expires_at, issued_by)
                values (:id, :v, :h, :k, :at, :exp, :by)""")
                .param("id", id).param("v", vaultId).param("h", secretHash).param("k", keyId)
                .param("at", Timestamps.toDb(issuedAt)).param("exp", Timestamps.toDb(expiresAt)).param("by", by)
                .update();
    }

    int revokeActive(UUID vaultId, Instant now) {
        return jdbc.sql("update vault_credential set revoked_at = :now where vault_id = :v and revoked_at is null and expires_at > :now")
                .param("now", Timestamps.toDb(now)).param("v", vaultId).update();
    }

    boolean isRevoked(UUID credentialId) {
        return jdbc.sql("select count(*) from vault_credential where id = :id and revoked_at is not null")
                .param("id", credentialId).query(Long.class).single() > 0;
    }

    /** Unknown ids count as revoked: a file this console never issued is not valid here. */
    boolean isKnown(UUID credentialId) {
        return jdbc.sql("select count(*) from vault_credential where id = :id").param("id", credentialId)
                .query(Long.class).single() > 0;
    }

    long countActive(UUID vaultId, Instant now) {
        return jdbc.sql("select count(*) from vault_credential where vault_id = :v and revoked_at is null and expires_at > :now")
                .param("v", vaultId).param("now", Timestamps.toDb(now)).query(Long.class).single();
    }

    String secretHash(UUID credentialId) {
        return jdbc.sql("select secret_hash from vault_credential where id = :id").param("id", credentialId)
                .query(String.class).optional().orElse(null);
    }
}

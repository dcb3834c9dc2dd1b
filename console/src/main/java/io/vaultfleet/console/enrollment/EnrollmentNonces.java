package io.vaultfleet.console.enrollment;

import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.platform.Timestamps;

/** Nonces of accepted enrollment requests, in the database so a replay is caught across console restarts. */
@Repository
class EnrollmentNonces {
    private final JdbcClient jdbc;

    EnrollmentNonces(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the nonce; false when it was used before. */
    boolean use(String nonce, Instant expiresAt, Instant now) {
        jdbc.sql("delete from enrollment_nonce where expires_at < :now").param("now", Timestamps.toDb(now)).update();
        try {
            return jdbc.sql("insert into enrollment_nonce (nonce, expires_at) values (:n, :e)")
                    .param("n", nonce).param("e", Timestamps.toDb(expiresAt)).update() == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }
}

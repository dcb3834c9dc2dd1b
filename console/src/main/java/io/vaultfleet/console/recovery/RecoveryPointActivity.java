package io.vaultfleet.console.recovery;

import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.vault.VaultActivity;

/** The recovery points' share of a vault's overview: how many points the vault keeps. */
@Component
class RecoveryPointActivity implements VaultActivity {
    private final JdbcClient jdbc;

    RecoveryPointActivity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Counts countsFor(UUID vaultId, Instant since) {
        long points = jdbc.sql("select count(*) from recovery_point where vault_id = :v and state = 'ACTIVE'")
                .param("v", vaultId).query(Long.class).single();
        return new Counts(points, 0, 0, 0);
    }
}

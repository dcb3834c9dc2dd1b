package io.vaultfleet.console.vault;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.identity.ScopePath;
import io.vaultfleet.console.identity.VaultPlaces;

/**
 * Where each vault sits, for identity's role checks. Reads the vault table directly (not through
 * {@link VaultRepository}, which also asks other features for names and counts): a role check needs two ids only.
 */
@Component
class VaultPlacesForAccess implements VaultPlaces {
    private final JdbcClient jdbc;

    VaultPlacesForAccess(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ScopePath> placeOf(UUID vaultId) {
        return jdbc.sql("select subscription_id, resource_group_id from vault where id = :id").param("id", vaultId)
                .query((rs, n) -> ScopePath.vault(rs.getObject("subscription_id", UUID.class),
                        rs.getObject("resource_group_id", UUID.class), vaultId))
                .optional();
    }
}

package io.vaultfleet.console.vault;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.fleet.VaultNames;

/** The vault names that the server views show, read here because the vault table is this feature's. */
@Component
class VaultNamesForServers implements VaultNames {
    private final JdbcClient jdbc;

    VaultNamesForServers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<UUID, String> namesOf(Collection<UUID> vaultIds) {
        Map<UUID, String> names = new HashMap<>();
        if (!vaultIds.isEmpty()) {
            jdbc.sql("select id, name from vault where id in (:ids)").param("ids", vaultIds)
                    .query(rs -> {
                        names.put(rs.getObject("id", UUID.class), rs.getString("name"));
                    });
        }
        return names;
    }
}

package io.vaultfleet.console.vault;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.fleet.VaultNames;
import io.vaultfleet.console.subscription.ScopeNameLookup;

/**
 * The vault labels that the server views show (name and subscription, as the pickers name vaults, since names repeat
 * across subscriptions), read here because the vault table is this feature's.
 */
@Component
class VaultNamesForServers implements VaultNames {
    private final JdbcClient jdbc;
    private final ScopeNameLookup scopeNames;

    VaultNamesForServers(JdbcClient jdbc, ScopeNameLookup scopeNames) {
        this.jdbc = jdbc;
        this.scopeNames = scopeNames;
    }

    @Override
    public Map<UUID, String> labelsOf(Collection<UUID> vaultIds) {
        if (vaultIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> names = new HashMap<>();
        Map<UUID, UUID> subscriptionOf = new HashMap<>();
        jdbc.sql("select id, name, subscription_id from vault where id in (:ids)").param("ids", vaultIds)
                .query(rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    names.put(id, rs.getString("name"));
                    UUID subscription = rs.getObject("subscription_id", UUID.class);
                    if (subscription != null) {
                        subscriptionOf.put(id, subscription);
                    }
                });
        Map<UUID, String> subscriptions = scopeNames.subscriptionNames(Set.copyOf(subscriptionOf.values()));
        Map<UUID, String> labels = new HashMap<>();
        names.forEach((id, name) -> labels.put(id, Vault.label(name, subscriptions.get(subscriptionOf.get(id)))));
        return labels;
    }
}

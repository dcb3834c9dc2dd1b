package io.vaultfleet.console.subscription;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Names of subscriptions and resource groups by id, for features that show them beside their own resources (a
 * vault's list row). No access check: the caller shows only resources it has checked; names are read here because
 * the tables are this feature's.
 */
@Component
public class ScopeNameLookup {
    private final JdbcClient jdbc;

    ScopeNameLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Map<UUID, String> subscriptionNames(Collection<UUID> ids) {
        return names("subscription", ids);
    }

    public Map<UUID, String> resourceGroupNames(Collection<UUID> ids) {
        return names("resource_group", ids);
    }

    private Map<UUID, String> names(String table, Collection<UUID> ids) {
        Map<UUID, String> names = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select id, name from " + table + " where id in (:ids)").param("ids", ids).query(rs -> {
                names.put(rs.getObject("id", UUID.class), rs.getString("name"));
            });
        }
        return names;
    }
}

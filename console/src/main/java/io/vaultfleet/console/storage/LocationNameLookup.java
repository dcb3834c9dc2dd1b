package io.vaultfleet.console.storage;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Storage location names by id, for features that show them beside their own resources (a vault's list row). No
 * access check: a name says nothing secret, and the agent channel asks without a signed-in user.
 */
@Component
public class LocationNameLookup {
    private final JdbcClient jdbc;

    LocationNameLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Map<UUID, String> namesOf(Collection<UUID> ids) {
        Map<UUID, String> names = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select id, name from storage_location where id in (:ids)").param("ids", ids).query(rs -> {
                names.put(rs.getObject("id", UUID.class), rs.getString("name"));
            });
        }
        return names;
    }
}

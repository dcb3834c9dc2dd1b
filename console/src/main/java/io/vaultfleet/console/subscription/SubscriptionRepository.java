package io.vaultfleet.console.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.vaultfleet.console.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SubscriptionRepository {
    private static final String RG_SELECT = """
            select g.*, s.name as subscription_name from resource_group g
            join subscription s on s.id = g.subscription_id""";
    private final JdbcClient jdbc;
    private final Clock clock;

    SubscriptionRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<Subscription> findAll() {
        return jdbc.sql("select * from subscription order by name_key").query((rs, n) -> new Subscription(
                rs.getObject("id", UUID.class), rs.getString("name"), Timestamps.fromDb(rs, "created_at"),
                rs.getString("created_by"))).list();
    }

    Optional<Subscription> find(UUID id) {
        return findAll().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    boolean subscriptionNameTaken(String name) {
        return jdbc.sql("select count(*) from subscription where name_key = :key").param("key", key(name))
                .query(Long.class).single() > 0;
    }

    Subscription insertSubscription(String name, String by) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("insert into subscription (id, name, name_key, created_at, created_by) values (:id, :n, :k, :now, :by)")
                .param("id", id).param("n", name).param("k", key(name)).param("now", Timestamps.toDb(now))
                .param("by", by).update();
        return new Subscription(id, name, now, by);
    }

    List<ResourceGroup> findResourceGroups() {
        return jdbc.sql(RG_SELECT + " order by s.name_key, g.name_key").query((rs, n) -> mapGroup(rs)).list();
    }

    Optional<ResourceGroup> findResourceGroup(UUID id) {
        return jdbc.sql(RG_SELECT + " where g.id = :id").param("id", id).query((rs, n) -> mapGroup(rs)).optional();
    }

    boolean resourceGroupNameTaken(UUID subscriptionId, String name) {
        return jdbc.sql("select count(*) from resource_group where subscription_id = :s and name_key = :key")
                .param("s", subscriptionId).param("key", key(name)).query(Long.class).single() > 0;
    }

    ResourceGroup insertResourceGroup(Subscription s, String name, String by) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into resource_group (id, subscription_id, name, name_key, created_at, created_by)
                values (:id, :s, :n, :k, :now, :by)""")
                .param("id", id).param("s", s.id()).param("n", name).param("k", key(name))
                .param("now", Timestamps.toDb(now)).param("by", by).update();
        return new ResourceGroup(id, s.id(), s.name(), name, now, by);
    }

    private static ResourceGroup mapGroup(ResultSet rs) throws SQLException {
        return new ResourceGroup(rs.getObject("id", UUID.class), rs.getObject("subscription_id", UUID.class),
                rs.getString("subscription_name"), rs.getString("name"), Timestamps.fromDb(rs, "created_at"),
                rs.getString("created_by"));
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}

package io.vaultfleet.console.vault;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.vaultfleet.console.platform.Timestamps;
import io.vaultfleet.console.storage.LocationNameLookup;
import io.vaultfleet.console.subscription.ScopeNameLookup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class VaultRepository {
    /**
     * Vault rows; the names of their subscription, resource group and storage location come from those features
     * ({@link #withNames}), and the overview's counts of points, jobs and alerts from theirs ({@link VaultActivity}):
     * this repository reads only the vault's own tables.
     */
    private static final String SELECT = "select v.* from vault v";
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ScopeNameLookup scopeNames;
    private final LocationNameLookup locationNames;
    private final List<VaultActivity> activity;

    VaultRepository(JdbcClient jdbc, Clock clock, ScopeNameLookup scopeNames, LocationNameLookup locationNames,
                    List<VaultActivity> activity) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.scopeNames = scopeNames;
        this.locationNames = locationNames;
        this.activity = activity;
    }

    List<Vault> findAll() {
        return withNames(jdbc.sql(SELECT + " order by v.name_key").query((rs, n) -> map(rs)).list());
    }

    Optional<Vault> find(UUID id) {
        return jdbc.sql(SELECT + " where v.id = :id").param("id", id).query((rs, n) -> map(rs)).optional()
                .map(vault -> withNames(List.of(vault)).getFirst());
    }

    private List<Vault> withNames(List<Vault> vaults) {
        Map<UUID, String> subscriptions = scopeNames.subscriptionNames(
                vaults.stream().map(Vault::subscriptionId).collect(Collectors.toSet()));
        Map<UUID, String> groups = scopeNames.resourceGroupNames(
                vaults.stream().map(Vault::resourceGroupId).collect(Collectors.toSet()));
        Map<UUID, String> locations = locationNames.namesOf(
                vaults.stream().map(Vault::locationId).collect(Collectors.toSet()));
        return vaults.stream().map(v -> v.withNames(subscriptions.get(v.subscriptionId()),
                groups.get(v.resourceGroupId()), locations.get(v.locationId()))).toList();
    }

    Map<UUID, String> withoutSoftDelete() {
        Map<UUID, String> found = new HashMap<>();
        jdbc.sql("select id, name from vault where not soft_delete_enabled").query((ResultSet rs) -> {
            found.put(rs.getObject("id", UUID.class), rs.getString("name"));
        });
        return found;
    }

    List<UUID> idsWithRedundancy(StorageRedundancy redundancy) {
        return jdbc.sql("select id from vault where redundancy = :r order by id").param("r", redundancy.name())
                .query(UUID.class).list();
    }

    boolean nameTaken(UUID subscriptionId, String nameKey) {
        return jdbc.sql("select count(*) from vault where subscription_id = :s and name_key = :k")
                .param("s", subscriptionId).param("k", nameKey).query(Long.class).single() > 0;
    }

    void insert(UUID id, String name, String nameKey, UUID subscriptionId, UUID resourceGroupId, UUID locationId,
                String by) {
        jdbc.sql("""
                insert into vault (id, name, name_key, subscription_id, resource_group_id, location_id, redundancy,
                                   soft_delete_enabled, soft_delete_days, created_at, created_by)
                values (:id, :name, :key, :s, :g, :l, :r, true, 14, :now, :by)""")
                .param("id", id).param("name", name).param("key", nameKey).param("s", subscriptionId)
                .param("g", resourceGroupId).param("l", locationId)
                .param("r", StorageRedundancy.GEO_REDUNDANT.name()).param("now", Timestamps.toDb(clock.instant()))
                .param("by", by).update();
    }

    void setRedundancy(UUID id, StorageRedundancy redundancy) {
        jdbc.sql("update vault set redundancy = :r where id = :id").param("r", redundancy.name()).param("id", id)
                .update();
    }

    void setSoftDelete(UUID id, boolean enabled) {
        jdbc.sql("""
                update vault set soft_delete_enabled = :e, soft_delete_off_requested_by = null,
                       soft_delete_off_requested_at = null where id = :id""")
                .param("e", enabled).param("id", id).update();
    }

    void requestSoftDeleteOff(UUID id, String by) {
        jdbc.sql("update vault set soft_delete_off_requested_by = :by, soft_delete_off_requested_at = :now where id = :id")
                .param("by", by).param("now", Timestamps.toDb(clock.instant())).param("id", id).update();
    }

    void setGoal(UUID id, BackupGoal goal) {
        jdbc.sql("update vault set goal_workload = :w, goal_item = :i where id = :id")
                .param("w", goal.workload().name())
                .param("i", goal.items().stream().map(Enum::name).sorted().collect(Collectors.joining(",")))
                .param("id", id).update();
    }

    long protectedItemCount(UUID vaultId) {
        return jdbc.sql("select count(*) from protected_item where vault_id = :v").param("v", vaultId)
                .query(Long.class).single();
    }

    void insertProtectedItem(UUID vaultId, UUID serverId, String kind, String name) {
        jdbc.sql("""
                insert into protected_item (id, vault_id, server_id, kind, name, protected_at)
                values (:id, :v, :srv, :kind, :name, :now)""")
                .param("id", UUID.randomUUID()).param("v", vaultId).param("srv", serverId).param("kind", kind)
                .param("name", name).param("now", Timestamps.toDb(clock.instant())).update();
    }

    VaultOverview overview(UUID vaultId) {
        Instant since = clock.instant().minus(Duration.ofHours(24));
        VaultActivity.Counts others = activity.stream().map(source -> source.countsFor(vaultId, since))
                .reduce(VaultActivity.Counts.NONE, VaultActivity.Counts::plus);
        return jdbc.sql("""
                select count(distinct server_id) as servers, count(*) as items,
                       coalesce(sum(storage_bytes), 0) as bytes
                from protected_item where vault_id = :v""")
                .param("v", vaultId)
                .query((rs, n) -> new VaultOverview(rs.getLong("servers"), rs.getLong("items"),
                        others.activeRecoveryPoints(), rs.getLong("bytes"), others.jobs(), others.failedJobs(),
                        others.alerts()))
                .single();
    }

    /** A vault row; {@link #withNames} adds its scope and location names. */
    private static Vault map(ResultSet rs) throws SQLException {
        String workload = rs.getString("goal_workload");
        BackupGoal goal = workload == null ? null : new BackupGoal(BackupGoal.Workload.valueOf(workload),
                Arrays.stream(rs.getString("goal_item").split(",")).filter(s -> !s.isBlank())
                        .map(BackupGoal.Item::valueOf).collect(Collectors.toSet()));
        Instant created = Timestamps.fromDb(rs, "created_at");
        return new Vault(rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getObject("subscription_id", UUID.class), null,
                rs.getObject("resource_group_id", UUID.class), null,
                rs.getObject("location_id", UUID.class), null,
                StorageRedundancy.valueOf(rs.getString("redundancy")), rs.getBoolean("soft_delete_enabled"),
                rs.getInt("soft_delete_days"), rs.getString("soft_delete_off_requested_by"), goal, created,
                rs.getString("created_by"));
    }
}

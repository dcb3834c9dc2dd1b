package io.vaultfleet.console.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The vaults where a user holds at least some role: every vault (a console-wide role), or those under the
 * subscriptions, resource groups and vaults they hold it at. Feature repositories turn it into a condition on their
 * vault-id column with {@link #sql(String)} and {@link #params()}, so lists are filtered in the query, not in views.
 * Rows with no vault (a server admitted without registering) are console-wide: only {@link #everything()} reaches
 * them.
 */
public record VaultReach(boolean everything, Set<UUID> subscriptions, Set<UUID> resourceGroups, Set<UUID> vaults) {
    public static final VaultReach ALL = new VaultReach(true, Set.of(), Set.of(), Set.of());
    public static final VaultReach NONE = new VaultReach(false, Set.of(), Set.of(), Set.of());

    public VaultReach {
        subscriptions = Set.copyOf(subscriptions);
        resourceGroups = Set.copyOf(resourceGroups);
        vaults = Set.copyOf(vaults);
    }

    /** Whether no vault at all is in reach. */
    public boolean nothing() {
        return !everything && subscriptions.isEmpty() && resourceGroups.isEmpty() && vaults.isEmpty();
    }

    /**
     * A SQL condition that holds for rows whose {@code vaultIdColumn} is in reach; bind {@link #params()} with it.
     * Reads the {@code vault} table to place vaults in their subscription and resource group.
     */
    public String sql(String vaultIdColumn) {
        if (everything) {
            return "1 = 1";
        }
        if (nothing()) {
            return "1 = 0";
        }
        List<String> within = new ArrayList<>(3);
        if (!subscriptions.isEmpty()) {
            within.add("reach_v.subscription_id in (:reachSubscriptions)");
        }
        if (!resourceGroups.isEmpty()) {
            within.add("reach_v.resource_group_id in (:reachResourceGroups)");
        }
        if (!vaults.isEmpty()) {
            within.add("reach_v.id in (:reachVaults)");
        }
        return vaultIdColumn + " in (select reach_v.id from vault reach_v where " + String.join(" or ", within) + ")";
    }

    /** The parameters {@link #sql(String)} names. */
    public Map<String, Object> params() {
        Map<String, Object> params = new HashMap<>();
        if (!everything) {
            if (!subscriptions.isEmpty()) {
                params.put("reachSubscriptions", List.copyOf(subscriptions));
            }
            if (!resourceGroups.isEmpty()) {
                params.put("reachResourceGroups", List.copyOf(resourceGroups));
            }
            if (!vaults.isEmpty()) {
                params.put("reachVaults", List.copyOf(vaults));
            }
        }
        return params;
    }

    /** Whether a vault at {@code path} is in reach ({@code null}: something with no vault, console-wide). */
    public boolean includes(ScopePath path) {
        if (everything) {
            return true;
        }
        if (path == null) {
            return false;
        }
        return subscriptions.contains(path.subscriptionId())
                || (path.resourceGroupId() != null && resourceGroups.contains(path.resourceGroupId()))
                || (path.vaultId() != null && vaults.contains(path.vaultId()));
    }
}

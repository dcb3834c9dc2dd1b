package io.vaultfleet.console.readmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vaultfleet.console.identity.VaultReach;

/**
 * A {@link VaultReach} as a SQL condition on a vault-id column, so that feature repositories filter their lists in
 * the query, not in views. The reach names subscriptions and resource groups; the vault table says which vaults sit
 * in them, hence the condition lives in the read model. Bind {@link #params(VaultReach)} with it.
 */
public final class VaultsInReach {
    private VaultsInReach() {
    }

    /** A SQL condition that holds for rows whose {@code vaultIdColumn} is in reach. */
    public static String sql(VaultReach reach, String vaultIdColumn) {
        if (reach.everything()) {
            return "1 = 1";
        }
        if (reach.nothing()) {
            return "1 = 0";
        }
        List<String> within = new ArrayList<>(3);
        if (!reach.subscriptions().isEmpty()) {
            within.add("reach_v.subscription_id in (:reachSubscriptions)");
        }
        if (!reach.resourceGroups().isEmpty()) {
            within.add("reach_v.resource_group_id in (:reachResourceGroups)");
        }
        if (!reach.vaults().isEmpty()) {
            within.add("reach_v.id in (:reachVaults)");
        }
        return vaultIdColumn + " in (select reach_v.id from vault reach_v where " + String.join(" or ", within) + ")";
    }

    /** The parameters {@link #sql(VaultReach, String)} names. */
    public static Map<String, Object> params(VaultReach reach) {
        Map<String, Object> params = new HashMap<>();
        if (!reach.everything()) {
            if (!reach.subscriptions().isEmpty()) {
                params.put("reachSubscriptions", List.copyOf(reach.subscriptions()));
            }
            if (!reach.resourceGroups().isEmpty()) {
                params.put("reachResourceGroups", List.copyOf(reach.resourceGroups()));
            }
            if (!reach.vaults().isEmpty()) {
                params.put("reachVaults", List.copyOf(reach.vaults()));
            }
        }
        return params;
    }
}

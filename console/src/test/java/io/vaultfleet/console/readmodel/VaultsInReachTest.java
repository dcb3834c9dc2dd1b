package io.vaultfleet.console.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vaultfleet.console.identity.VaultReach;

/** The SQL condition each shape of reach becomes (what it lets through: {@code identity.VaultReachTest}). */
class VaultsInReachTest {
    private final UUID subscription = UUID.randomUUID();
    private final UUID group = UUID.randomUUID();
    private final UUID vault = UUID.randomUUID();

    @Test
    void aConsoleWideRoleIsNoConditionAtAll() {
        assertThat(VaultsInReach.sql(VaultReach.ALL, "s.vault_id")).isEqualTo("1 = 1");
        assertThat(VaultsInReach.params(VaultReach.ALL)).isEmpty();
    }

    @Test
    void noRoleAnywhereMatchesNoRowWithoutAnEmptyInList() {
        assertThat(VaultsInReach.sql(VaultReach.NONE, "vault_id")).isEqualTo("1 = 0");
        assertThat(VaultsInReach.params(VaultReach.NONE)).isEmpty();
    }

    @Test
    void aResourceGroupRolePlacesVaultsByTheirGroup() {
        VaultReach reach = new VaultReach(false, Set.of(), Set.of(group), Set.of());
        assertThat(VaultsInReach.sql(reach, "j.vault_id")).isEqualTo(
                "j.vault_id in (select reach_v.id from vault reach_v where reach_v.resource_group_id in (:reachResourceGroups))");
        assertThat(VaultsInReach.params(reach)).containsOnlyKeys("reachResourceGroups");
        assertThat(VaultsInReach.params(reach).get("reachResourceGroups")).isEqualTo(List.of(group));
    }

    @Test
    void rolesAtSeveralKindsOfScopeAddUp() {
        VaultReach reach = new VaultReach(false, Set.of(subscription), Set.of(group), Set.of(vault));
        assertThat(VaultsInReach.sql(reach, "vault_id")).contains("reach_v.subscription_id in (:reachSubscriptions)")
                .contains(" or reach_v.resource_group_id in (:reachResourceGroups)")
                .contains(" or reach_v.id in (:reachVaults)");
        assertThat(VaultsInReach.params(reach)).containsOnlyKeys("reachSubscriptions", "reachResourceGroups",
                "reachVaults");
        assertThat(VaultsInReach.params(reach).get("reachVaults")).isEqualTo(List.of(vault));
    }
}

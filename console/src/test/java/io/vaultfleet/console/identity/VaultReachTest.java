package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The vault filter feature queries use: what it lets through, and the SQL it writes for each shape of reach. */
class VaultReachTest {
    private final UUID subscription = UUID.randomUUID();
    private final UUID group = UUID.randomUUID();
    private final UUID vault = UUID.randomUUID();

    @Test
    void aConsoleWideRoleReachesEveryVaultAndWhatHasNone() {
        assertThat(VaultReach.ALL.sql("s.vault_id")).isEqualTo("1 = 1");
        assertThat(VaultReach.ALL.params()).isEmpty();
        assertThat(VaultReach.ALL.includes(ScopePath.vault(subscription, group, vault))).isTrue();
        assertThat(VaultReach.ALL.includes(null)).as("a server with no vault").isTrue();
    }

    @Test
    void noRoleAnywhereReachesNothingWithoutAnEmptyInList() {
        VaultReach none = new VaultReach(false, Set.of(), Set.of(), Set.of());
        assertThat(none.nothing()).isTrue();
        assertThat(none.sql("vault_id")).isEqualTo("1 = 0");
        assertThat(none.params()).isEmpty();
        assertThat(none.includes(ScopePath.vault(subscription, group, vault))).isFalse();
    }

    @Test
    void aResourceGroupRoleReachesItsVaultsOnlyAndNeverSomethingWithoutAVault() {
        VaultReach reach = new VaultReach(false, Set.of(), Set.of(group), Set.of());
        assertThat(reach.sql("j.vault_id")).isEqualTo(
                "j.vault_id in (select reach_v.id from vault reach_v where reach_v.resource_group_id in (:reachResourceGroups))");
        assertThat(reach.params()).containsOnlyKeys("reachResourceGroups");
        assertThat(reach.params().get("reachResourceGroups")).isEqualTo(List.of(group));
        assertThat(reach.includes(ScopePath.vault(subscription, group, vault))).isTrue();
        assertThat(reach.includes(ScopePath.vault(subscription, UUID.randomUUID(), UUID.randomUUID()))).isFalse();
        assertThat(reach.includes(null)).isFalse();
    }

    @Test
    void rolesAtSeveralKindsOfScopeAddUp() {
        VaultReach reach = new VaultReach(false, Set.of(subscription), Set.of(group), Set.of(vault));
        assertThat(reach.sql("vault_id")).contains("reach_v.subscription_id in (:reachSubscriptions)")
                .contains(" or reach_v.resource_group_id in (:reachResourceGroups)")
                .contains(" or reach_v.id in (:reachVaults)");
        assertThat(reach.params()).containsOnlyKeys("reachSubscriptions", "reachResourceGroups", "reachVaults");
        assertThat(reach.includes(ScopePath.vault(subscription, UUID.randomUUID(), UUID.randomUUID())))
                .as("any vault of the subscription").isTrue();
        assertThat(reach.includes(ScopePath.vault(UUID.randomUUID(), UUID.randomUUID(), vault)))
                .as("the vault itself").isTrue();
    }

    @Test
    void theVisibilityOfAssignmentsCountsOnlyRolesThatIncludeTheOneAsked() {
        var reader = new RoleAssignment(UUID.randomUUID(), UUID.randomUUID(), "u", Role.READER, ScopeKind.VAULT, vault, null);
        var operator = new RoleAssignment(UUID.randomUUID(), UUID.randomUUID(), "u", Role.OPERATOR,
                ScopeKind.RESOURCE_GROUP, group, null);
        var visibility = new AccessControl.Visibility("u", List.of(reader, operator));
        assertThat(visibility.reach(Role.READER).vaults()).containsExactly(vault);
        assertThat(visibility.reach(Role.READER).resourceGroups()).containsExactly(group);
        assertThat(visibility.reach(Role.OPERATOR).vaults()).as("a reader's vault is not an operator's").isEmpty();
        assertThat(visibility.reach(Role.OPERATOR).resourceGroups()).containsExactly(group);
        assertThat(visibility.reach(Role.CONTRIBUTOR).nothing()).isTrue();
        var console = new RoleAssignment(UUID.randomUUID(), UUID.randomUUID(), "u", Role.CONTRIBUTOR, ScopeKind.GLOBAL,
                null, null);
        assertThat(new AccessControl.Visibility("u", List.of(console)).reach(Role.OPERATOR)).isEqualTo(VaultReach.ALL);
    }
}

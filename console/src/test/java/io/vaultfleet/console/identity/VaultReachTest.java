package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The vault filter feature queries use: what it lets through (its SQL: {@code readmodel.VaultsInReachTest}). */
class VaultReachTest {
    private final UUID subscription = UUID.randomUUID();
    private final UUID group = UUID.randomUUID();
    private final UUID vault = UUID.randomUUID();

    @Test
    void aConsoleWideRoleReachesEveryVaultAndWhatHasNone() {
        assertThat(VaultReach.ALL.includes(ScopePath.vault(subscription, group, vault))).isTrue();
        assertThat(VaultReach.ALL.includes(null)).as("a server with no vault").isTrue();
    }

    @Test
    void noRoleAnywhereReachesNothing() {
        VaultReach none = new VaultReach(false, Set.of(), Set.of(), Set.of());
        assertThat(none.nothing()).isTrue();
        assertThat(none.includes(ScopePath.vault(subscription, group, vault))).isFalse();
    }

    @Test
    void aResourceGroupRoleReachesItsVaultsOnlyAndNeverSomethingWithoutAVault() {
        VaultReach reach = new VaultReach(false, Set.of(), Set.of(group), Set.of());
        assertThat(reach.includes(ScopePath.vault(subscription, group, vault))).isTrue();
        assertThat(reach.includes(ScopePath.vault(subscription, UUID.randomUUID(), UUID.randomUUID()))).isFalse();
        assertThat(reach.includes(null)).isFalse();
    }

    @Test
    void rolesAtSeveralKindsOfScopeAddUp() {
        VaultReach reach = new VaultReach(false, Set.of(subscription), Set.of(group), Set.of(vault));
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

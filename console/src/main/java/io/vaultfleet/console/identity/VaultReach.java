package io.vaultfleet.console.identity;

import java.util.Set;
import java.util.UUID;

/**
 * The vaults where a user holds at least some role: every vault (a console-wide role), or those under the
 * subscriptions, resource groups and vaults they hold it at. Feature repositories turn it into a condition on their
 * vault-id column with the read model's {@code VaultsInReach}, so lists are filtered in the query, not in views.
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

package io.vaultfleet.console.vault;

import java.util.UUID;

/**
 * The Basics tab of "Create Recovery Services vault". Either {@code resourceGroupId} or
 * {@code newResourceGroupName} ("Create new") names the resource group.
 */
public record CreateVaultRequest(String name, UUID subscriptionId, UUID resourceGroupId, String newResourceGroupName,
                                 UUID locationId) {
    public boolean createsResourceGroup() {
        return newResourceGroupName != null && !newResourceGroupName.isBlank();
    }
}

package io.vaultfleet.console.vault;

import java.time.Instant;
import java.util.UUID;

import io.vaultfleet.console.identity.ScopePath;

/** A Recovery Services vault as views show it. */
public record Vault(UUID id, String name, UUID subscriptionId, String subscriptionName, UUID resourceGroupId,
                    String resourceGroupName, UUID locationId, String locationName, StorageRedundancy redundancy,
                    boolean softDeleteEnabled, int softDeleteDays, String softDeleteOffRequestedBy,
                    BackupGoal goal, Instant createdAt, String createdBy) {
    /** This vault with the names of its subscription, resource group and storage location (their features'). */
    Vault withNames(String subscriptionName, String resourceGroupName, String locationName) {
        return new Vault(id, name, subscriptionId, subscriptionName, resourceGroupId, resourceGroupName, locationId,
                locationName, redundancy, softDeleteEnabled, softDeleteDays, softDeleteOffRequestedBy, goal, createdAt,
                createdBy);
    }

    public ScopePath path() {
        return ScopePath.vault(subscriptionId, resourceGroupId, id);
    }

    /**
     * How pickers and lists name the vault: names are unique only within a subscription, so two vaults of one name
     * are told apart by their subscription.
     */
    public String label() {
        return label(name, subscriptionName);
    }

    /** {@link #label()} for a vault known only by its name and its subscription's name (null when unknown). */
    public static String label(String name, String subscriptionName) {
        return subscriptionName == null ? name : name + " (" + subscriptionName + ")";
    }

    /** Whether Getting Started &gt; Backup has been completed. */
    public boolean goalDone() {
        return goal != null;
    }
}

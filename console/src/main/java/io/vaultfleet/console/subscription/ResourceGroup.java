package io.vaultfleet.console.subscription;

import java.time.Instant;
import java.util.UUID;

import io.vaultfleet.console.identity.ScopePath;

/** A resource group inside a subscription; vaults are created in one. */
public record ResourceGroup(UUID id, UUID subscriptionId, String subscriptionName, String name, Instant createdAt,
                            String createdBy) {
    public ScopePath path() {
        return ScopePath.resourceGroup(subscriptionId, id);
    }
}

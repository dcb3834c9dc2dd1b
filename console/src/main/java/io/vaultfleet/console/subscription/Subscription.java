package io.vaultfleet.console.subscription;

import java.time.Instant;
import java.util.UUID;

import io.vaultfleet.console.identity.ScopePath;

/** A subscription: the widest container of resource groups and vaults, and a scope for roles. */
public record Subscription(UUID id, String name, Instant createdAt, String createdBy) {
    public ScopePath path() {
        return ScopePath.subscription(id);
    }
}

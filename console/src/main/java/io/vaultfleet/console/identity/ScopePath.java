package io.vaultfleet.console.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a resource sits: its subscription, resource group and vault (the narrower parts may be null, e.g. for a
 * resource group itself). A role held at any scope on the path applies to the resource.
 */
public record ScopePath(UUID subscriptionId, UUID resourceGroupId, UUID vaultId) {
    public ScopePath {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        if (vaultId != null && resourceGroupId == null) {
            throw new IllegalArgumentException("a vault lives in a resource group");
        }
    }

    public static ScopePath subscription(UUID subscriptionId) {
        return new ScopePath(subscriptionId, null, null);
    }

    public static ScopePath resourceGroup(UUID subscriptionId, UUID resourceGroupId) {
        return new ScopePath(subscriptionId, resourceGroupId, null);
    }

    public static ScopePath vault(UUID subscriptionId, UUID resourceGroupId, UUID vaultId) {
        return new ScopePath(subscriptionId, resourceGroupId, vaultId);
    }

    /** The narrowest scope this path names. */
    public Scope target() {
        if (vaultId != null) {
            return new Scope(ScopeKind.VAULT, vaultId);
        }
        return resourceGroupId != null ? new Scope(ScopeKind.RESOURCE_GROUP, resourceGroupId)
                : new Scope(ScopeKind.SUBSCRIPTION, subscriptionId);
    }

    /** The scopes on this path, widest first (without GLOBAL). */
    public List<Scope> scopes() {
        List<Scope> scopes = new ArrayList<>(3);
        scopes.add(new Scope(ScopeKind.SUBSCRIPTION, subscriptionId));
        if (resourceGroupId != null) {
            scopes.add(new Scope(ScopeKind.RESOURCE_GROUP, resourceGroupId));
        }
        if (vaultId != null) {
            scopes.add(new Scope(ScopeKind.VAULT, vaultId));
        }
        return scopes;
    }

    /** One scope: a kind and, unless GLOBAL, the id of the subscription, resource group or vault. */
    public record Scope(ScopeKind kind, UUID id) {
        public static final Scope GLOBAL = new Scope(ScopeKind.GLOBAL, null);
    }
}

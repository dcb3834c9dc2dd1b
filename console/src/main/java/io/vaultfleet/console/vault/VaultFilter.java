package io.vaultfleet.console.vault;

import java.util.Locale;
import java.util.UUID;

/** The vault list's filters; null fields do not filter. */
public record VaultFilter(String name, UUID subscriptionId, UUID resourceGroupId, UUID locationId) {
    public static final VaultFilter ALL = new VaultFilter(null, null, null, null);

    boolean matches(Vault v) {
        return (name == null || name.isBlank() || v.name().toLowerCase(Locale.ROOT).contains(name.trim().toLowerCase(Locale.ROOT)))
                && (subscriptionId == null || subscriptionId.equals(v.subscriptionId()))
                && (resourceGroupId == null || resourceGroupId.equals(v.resourceGroupId()))
                && (locationId == null || locationId.equals(v.locationId()));
    }
}

package io.vaultfleet.console;

import java.util.UUID;

import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.subscription.SubscriptionService;
import io.vaultfleet.console.vault.CreateVaultRequest;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultService;

/** Creates a subscription, resource group and vault through the services, as an owner would in the portal. */
@Component
public class TestVaults {
    private final SubscriptionService subscriptions;
    private final VaultService vaults;
    private final StorageLocationService locations;
    private final SecurityContextHolderStrategy security;

    TestVaults(SubscriptionService subscriptions, VaultService vaults, StorageLocationService locations,
               SecurityContextHolderStrategy security) {
        this.subscriptions = subscriptions;
        this.vaults = vaults;
        this.locations = locations;
        this.security = security;
    }

    public Vault create(String prefix) {
        return create(prefix, null);
    }

    /** A vault in the given storage location (null: the default folder location). */
    public Vault create(String prefix, UUID locationId) {
        String tag = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return TestSecurity.runAs(security, Role.OWNER, () -> {
            var subscription = subscriptions.createSubscription("Sub " + tag);
            var group = subscriptions.createResourceGroup(subscription.id(), "rg-" + tag);
            UUID location = locationId != null ? locationId
                    : locations.list().stream().filter(l -> l.name().equals(StorageLocationService.DEFAULT_NAME))
                            .findFirst().orElseThrow().id();
            return vaults.create(new CreateVaultRequest(tag, subscription.id(), group.id(), null, location));
        });
    }
}

package io.vaultfleet.console.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.function.Supplier;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.downloads.VaultCredentialsService;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.UserAccountService;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.subscription.ResourceGroup;
import io.vaultfleet.console.subscription.Subscription;
import io.vaultfleet.console.subscription.SubscriptionService;
import io.vaultfleet.protocol.vault.VaultName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

/** Roles granted at a subscription, resource group or vault are enforced by the services, not only by the views. */
@ConsoleTest
class ScopeEnforcementTest {
    private static final String PASSWORD = "Scoped-user-password-1";
    @Autowired VaultService vaults;
    @Autowired SubscriptionService subscriptions;
    @Autowired StorageLocationService locations;
    @Autowired AccessControl access;
    @Autowired UserAccountService users;
    @Autowired VaultCredentialsService credentials;

    @Autowired org.springframework.security.core.context.SecurityContextHolderStrategy securityStrategy;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    private <T> T call(String username, Role globalRole, Supplier<T> action) {
        return TestSecurity.runAs(securityStrategy, username, globalRole, action);
    }

    private void run(String username, Role globalRole, Runnable action) {
        call(username, globalRole, () -> {
            action.run();
            return null;
        });
    }

    private <T> T admin(Supplier<T> action) {
        return call("admin", Role.OWNER, action);
    }
    private Subscription subscription;
    private ResourceGroup groupA;
    private ResourceGroup groupB;
    private Vault vaultA;
    private Vault vaultB;

    @BeforeEach
    void twoResourceGroupsWithAVaultEach() {
        admin(() -> {
            subscription = subscriptions.createSubscription("Sub " + tag);
            groupA = subscriptions.createResourceGroup(subscription.id(), "rg-a-" + tag);
            groupB = subscriptions.createResourceGroup(subscription.id(), "rg-b-" + tag);
            UUID location = locations.list().stream().filter(l -> l.name().equals(io.vaultfleet.console.storage.StorageLocationService.DEFAULT_NAME)).findFirst().orElseThrow().id();
            vaultA = vaults.create(new CreateVaultRequest("vault-a-" + tag, subscription.id(), groupA.id(), null, location));
            vaultB = vaults.create(new CreateVaultRequest("vault-b-" + tag, subscription.id(), groupB.id(), null, location));
            return null;
        });
    }

    private String scopedUser(String prefix, Role role, io.vaultfleet.console.identity.ScopePath at) {
        String name = prefix + "-" + tag;
        admin(() -> {
            users.createUser(name, name, PASSWORD, Role.READER);
            access.removeGlobalRole(name);
            return access.grant(name, role, at);
        });
        return name;
    }

    @Test
    void readerAtOneResourceGroupSeesAndChangesNothingElse() {
        String reader = scopedUser("reader", Role.READER, groupA.path());
        run(reader, null, () -> {
            assertThat(vaults.list(VaultFilter.ALL)).extracting(Vault::name).containsExactly(vaultA.name());
            assertThat(vaults.get(vaultA.id()).name()).isEqualTo(vaultA.name());
            assertThatThrownBy(() -> vaults.get(vaultB.id())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> vaults.overview(vaultB.id())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> vaults.changeRedundancy(vaultB.id(), StorageRedundancy.LOCALLY_REDUNDANT))
                    .isInstanceOf(AccessDeniedException.class);
            // reading is not changing, even in its own resource group
            assertThatThrownBy(() -> vaults.changeRedundancy(vaultA.id(), StorageRedundancy.LOCALLY_REDUNDANT))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> credentials.issue(vaultA.id(), "http://localhost", false))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> vaults.create(new CreateVaultRequest("sneaky-" + tag, subscription.id(),
                    groupA.id(), null, vaultA.locationId()))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("Contributor");
            assertThat(subscriptions.resourceGroups(subscription.id())).extracting(ResourceGroup::name)
                    .containsExactly(groupA.name());
            assertThatThrownBy(() -> access.grant(reader, Role.OWNER, groupA.path()))
                    .isInstanceOf(AccessDeniedException.class);
        });
    }

    @Test
    void contributorAtVaultScopeChangesThatVaultOnly() {
        String contributor = scopedUser("contrib", Role.CONTRIBUTOR, vaultA.path());
        run(contributor, null, () -> {
            assertThat(vaults.list(VaultFilter.ALL)).extracting(Vault::name).containsExactly(vaultA.name());
            assertThat(vaults.changeRedundancy(vaultA.id(), StorageRedundancy.ZONE_REDUNDANT).redundancy())
                    .isEqualTo(StorageRedundancy.ZONE_REDUNDANT);
            var file = credentials.issue(vaultA.id(), "http://localhost:8080", false);
            assertThat(file.fileName()).startsWith(vaultA.name() + "_").endsWith(".VaultCredentials");
            assertThat(file.contentType()).isEqualTo(VaultCredentialsService.CONTENT_TYPE);
            assertThatThrownBy(() -> vaults.changeRedundancy(vaultB.id(), StorageRedundancy.ZONE_REDUNDANT))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> vaults.setBackupGoal(vaultB.id(), new BackupGoal(BackupGoal.Workload.ON_PREMISES,
                    java.util.Set.of(BackupGoal.Item.SYSTEM_STATE)))).isInstanceOf(AccessDeniedException.class);
            // a contributor is not an owner: soft delete stays on
            assertThatThrownBy(() -> vaults.disableSoftDelete(vaultA.id())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> subscriptions.createResourceGroup(subscription.id(), "rg-new-" + tag))
                    .isInstanceOf(AccessDeniedException.class);
        });
    }

    @Test
    void redundancyIsLockedOnceAnItemIsProtected() {
        admin(() -> vaults.changeRedundancy(vaultA.id(), StorageRedundancy.LOCALLY_REDUNDANT));
        admin(() -> {
            vaults.recordProtectedItem(vaultA.id(), UUID.randomUUID(), "SYSTEM_STATE", "System State");
            return null;
        });
        assertThatThrownBy(() -> admin(() -> vaults.changeRedundancy(vaultA.id(), StorageRedundancy.GEO_REDUNDANT)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1 item is protected");
        assertThat(admin(() -> vaults.get(vaultA.id())).redundancy()).isEqualTo(StorageRedundancy.LOCALLY_REDUNDANT);
        assertThat(admin(() -> vaults.overview(vaultA.id())).protectedServers()).isEqualTo(1);
    }

    @Test
    void warnsWhenAGeoRedundantVaultsLocationHasNoPair() {
        assertThat(admin(() -> vaults.geoReplicationWarning(vaultB))).contains("no paired location");
        Vault lrs = admin(() -> vaults.changeRedundancy(vaultB.id(), StorageRedundancy.LOCALLY_REDUNDANT));
        assertThat(admin(() -> vaults.geoReplicationWarning(lrs))).isNull();
    }

    @Test
    void disablingSoftDeleteNeedsASecondOwner() {
        String owner2 = "owner2-" + tag;
        admin(() -> users.createUser(owner2, owner2, PASSWORD, Role.OWNER));
        Vault requested = admin(() -> vaults.disableSoftDelete(vaultA.id()));
        assertThat(requested.softDeleteEnabled()).isTrue();
        assertThat(requested.softDeleteOffRequestedBy()).isEqualTo("admin");
        assertThatThrownBy(() -> admin(() -> vaults.disableSoftDelete(vaultA.id())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("different owner");
        Vault confirmed = call(owner2, Role.OWNER, () -> vaults.disableSoftDelete(vaultA.id()));
        assertThat(confirmed.softDeleteEnabled()).isFalse();
    }

    @Test
    void serverRevalidatesVaultNamesAndUniquenessIgnoresCase() {
        UUID location = vaultA.locationId();
        assertThatThrownBy(() -> admin(() -> vaults.create(new CreateVaultRequest("9 bad_name", subscription.id(),
                groupA.id(), null, location)))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(VaultName.FIRST_LETTER).hasMessageContaining(VaultName.CHARACTERS);
        assertThatThrownBy(() -> admin(() -> vaults.create(new CreateVaultRequest(vaultA.name().toUpperCase(),
                subscription.id(), groupB.id(), null, location)))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> admin(() -> vaults.setBackupGoal(vaultA.id(), new BackupGoal(
                BackupGoal.Workload.ON_PREMISES, java.util.Set.of(BackupGoal.Item.SQL_SERVER)))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not supported yet");
    }
}

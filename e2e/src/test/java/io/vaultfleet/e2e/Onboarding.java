package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.pages.CreateVaultPage;
import io.vaultfleet.testsupport.pages.SubscriptionsPage;
import io.vaultfleet.testsupport.pages.VaultPage;
import io.vaultfleet.testsupport.pages.VaultsPage;

/** What an admin does in the browser before a server can register: subscription, resource group, vault, credentials. */
final class Onboarding {
    private Onboarding() {
    }

    /** Creates the vault and returns the downloaded vault credentials file. */
    static Path vaultCredentials(Browser browser, String subscription, String resourceGroup, String vaultName) {
        SubscriptionsPage.open(browser).addSubscription(subscription).select(subscription).addResourceGroup(resourceGroup);
        CreateVaultPage create = VaultsPage.open(browser).add().subscription(subscription).resourceGroup(resourceGroup)
                .name(vaultName).location("Local (data folder)");
        assertThat(create.reviewAndCreate()).isEqualTo("Validation passed");
        VaultPage vault = create.create(vaultName);
        return vault.backupGoal().chooseGoal("On-premises", "System State").downloadCredentials(false);
    }
}

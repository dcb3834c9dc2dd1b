package io.vaultfleet.testsupport.pages;

import java.util.List;

import io.vaultfleet.testsupport.Browser;
import org.openqa.selenium.By;

/** Recovery Services vaults ({@code /vaults}): the list, its filters and the Add button. */
public final class VaultsPage {
    private final Browser browser;

    private VaultsPage(Browser browser) {
        this.browser = browser;
    }

    public static VaultsPage open(Browser browser) {
        browser.open("vaults");
        Fields.byId(browser, "vaults-grid");
        return new VaultsPage(browser);
    }

    public List<String> vaultNames() {
        browser.waitForVaadin();
        // the grid keeps spare row elements around: only links with text are rows
        return browser.driver().findElements(By.cssSelector("#vaults-grid a.vault-link")).stream()
                .map(e -> e.getText().trim()).filter(t -> !t.isEmpty()).toList();
    }

    public VaultsPage filterByName(String text) {
        Fields.type(browser, "vault-filter-name", text);
        return this;
    }

    public VaultsPage filterBySubscription(String subscription) {
        Fields.choose(browser, "vault-filter-subscription", subscription);
        return this;
    }

    public VaultsPage filterByLocation(String location) {
        Fields.choose(browser, "vault-filter-location", location);
        return this;
    }

    public CreateVaultPage add() {
        Fields.click(browser, "add-vault-button");
        return CreateVaultPage.expect(browser);
    }

    public VaultPage openVault(String name) {
        browser.waitUntil(d -> d.findElements(By.cssSelector("#vaults-grid a.vault-link")).stream()
                .filter(e -> e.getText().trim().equals(name)).findFirst().orElse(null)).click();
        return VaultPage.expect(browser, name);
    }
}

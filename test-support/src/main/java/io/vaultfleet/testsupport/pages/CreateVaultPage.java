package io.vaultfleet.testsupport.pages;

import java.util.List;

import io.vaultfleet.testsupport.Browser;
import org.openqa.selenium.By;

/** "Create Recovery Services vault": the Basics tab, then Review + create. */
public final class CreateVaultPage {
    private final Browser browser;

    private CreateVaultPage(Browser browser) {
        this.browser = browser;
    }

    static CreateVaultPage expect(Browser browser) {
        Fields.byId(browser, "vault-name");
        return new CreateVaultPage(browser);
    }

    public CreateVaultPage subscription(String name) {
        Fields.choose(browser, "vault-subscription", name);
        return this;
    }

    public CreateVaultPage resourceGroup(String name) {
        Fields.choose(browser, "vault-resource-group", name);
        return this;
    }

    /** "Create new" under Resource group. */
    public CreateVaultPage newResourceGroup(String name) {
        Fields.click(browser, "vault-new-resource-group-button");
        Fields.type(browser, "vault-new-resource-group", name);
        return this;
    }

    public CreateVaultPage location(String label) {
        Fields.choose(browser, "vault-location", label);
        return this;
    }

    public CreateVaultPage name(String name) {
        Fields.type(browser, "vault-name", name);
        return this;
    }

    /** The name rules the typed name breaks, one message per rule, one a line in the field's error message. */
    public List<String> nameProblems() {
        browser.waitForVaadin();
        return browser.driver().findElements(By.cssSelector("#vault-name[invalid] [slot=error-message]")).stream()
                .filter(e -> e.isDisplayed()).flatMap(e -> e.getText().lines()).map(String::trim)
                .filter(l -> !l.isEmpty()).toList();
    }

    /** Presses Review + create; returns the review's validation message (e.g. "Validation passed"). */
    public String reviewAndCreate() {
        Fields.click(browser, "review-create-button");
        return Fields.text(browser, "review-validation");
    }

    public String reviewSummary() {
        return Fields.text(browser, "review-summary");
    }

    /** Presses Create; returns the notification text and the vault page it opens. */
    public VaultPage create(String vaultName) {
        Fields.click(browser, "create-vault-button");
        return VaultPage.expect(browser, vaultName);
    }
}

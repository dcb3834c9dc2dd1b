package io.vaultfleet.testsupport.pages;

import org.openqa.selenium.By;

import io.vaultfleet.testsupport.Browser;

/** My account ({@code /account}): change password, and access tokens for the REST API. */
public final class AccountPage {
    private final Browser browser;

    private AccountPage(Browser browser) {
        this.browser = browser;
    }

    public static AccountPage open(Browser browser) {
        browser.open("account");
        browser.waitUntil(d -> !d.findElements(By.id("create-token-button")).isEmpty());
        browser.waitForVaadin();
        return new AccountPage(browser);
    }

    /** Makes a token with the default role and expiry the page offers (or {@code role}, its label) and returns its secret. */
    public String createToken(String name, String role) {
        Fields.type(browser, "token-name", name);
        if (role != null) {
            browser.click(Fields.byId(browser, "token-role"));
            browser.click(browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-select-item")).stream()
                    .filter(e -> e.isDisplayed() && e.getText().trim().equals(role)).findFirst().orElse(null)));
            browser.waitForVaadin();
        }
        Fields.click(browser, "create-token-button");
        browser.waitUntil(d -> !d.findElements(By.id("token-secret-value")).isEmpty());
        browser.waitForVaadin();
        return (String) browser.script("return arguments[0].value;", Fields.byId(browser, "token-secret-value"));
    }
}

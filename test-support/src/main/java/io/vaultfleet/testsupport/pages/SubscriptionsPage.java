package io.vaultfleet.testsupport.pages;

import java.util.List;
import java.util.Optional;

import io.vaultfleet.testsupport.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/** Subscriptions ({@code /subscriptions}): subscriptions, their resource groups and access control. */
public final class SubscriptionsPage {
    private final Browser browser;

    private SubscriptionsPage(Browser browser) {
        this.browser = browser;
    }

    public static SubscriptionsPage open(Browser browser) {
        browser.open("subscriptions");
        return expect(browser);
    }

    public static SubscriptionsPage expect(Browser browser) {
        Fields.byId(browser, "subscriptions-grid");
        return new SubscriptionsPage(browser);
    }

    public List<String> subscriptions() {
        return browser.driver().findElements(By.cssSelector(".subscription-link")).stream()
                .map(e -> e.getText().trim()).toList();
    }

    /** Adds a subscription and selects it. */
    public SubscriptionsPage addSubscription(String name) {
        String error = submitName("add-subscription-button", "new-subscription-name", "create-subscription-button", name);
        if (error != null) {
            throw new AssertionError("subscription refused: " + error);
        }
        browser.waitUntil(d -> !d.findElements(By.id("resource-groups-grid")).isEmpty());
        return this;
    }

    /** Tries to add a subscription that is refused; returns the message and closes the dialog. */
    public String addSubscriptionExpectingError(String name) {
        String error = submitName("add-subscription-button", "new-subscription-name", "create-subscription-button", name);
        closeDialog();
        return error;
    }

    public SubscriptionsPage select(String subscription) {
        browser.click(link(".subscription-link", subscription));
        browser.waitForVaadin();
        return this;
    }

    public SubscriptionsPage addResourceGroup(String name) {
        String error = submitName("add-resource-group-button", "new-resource-group-name", "create-resource-group-button", name);
        if (error != null) {
            throw new AssertionError("resource group refused: " + error);
        }
        browser.waitUntil(d -> resourceGroups().contains(name));
        return this;
    }

    public String addResourceGroupExpectingError(String name) {
        String error = submitName("add-resource-group-button", "new-resource-group-name", "create-resource-group-button", name);
        closeDialog();
        return error;
    }

    public List<String> resourceGroups() {
        return browser.driver().findElements(By.cssSelector(".resource-group-link")).stream()
                .map(e -> e.getText().trim()).toList();
    }

    /** Grants a role at a resource group (selects it first). */
    public SubscriptionsPage grantAtResourceGroup(String group, String username, String roleLabel) {
        browser.click(link(".resource-group-link", group));
        browser.waitForVaadin();
        Fields.type(browser, "access-user", username);
        Fields.choose(browser, "access-role", roleLabel);
        Fields.click(browser, "access-add");
        browser.waitUntil(d -> d.findElement(By.id("access-grid")).getText().contains(username));
        return this;
    }

    private WebElement link(String css, String text) {
        return browser.waitUntil(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(e -> e.getText().trim().equals(text)).findFirst().orElse(null));
    }

    /** Opens a name dialog, submits; returns the field's error, or null when the dialog closed. */
    private String submitName(String openId, String fieldId, String submitId, String name) {
        Fields.click(browser, openId);
        Fields.type(browser, fieldId, name);
        Fields.click(browser, submitId);
        // the dialog either closes (created) or marks the field (refused); a closing dialog may go stale meanwhile
        return browser.waitUntil(d -> {
            try {
                if (!Fields.present(browser, fieldId)) {
                    return Optional.<String>empty();
                }
                WebElement field = d.findElement(By.id(fieldId));
                return "true".equals(field.getDomProperty("invalid"))
                        ? Optional.of(field.getDomProperty("errorMessage")) : null;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        }).orElse(null);
    }

    private void closeDialog() {
        Fields.click(browser, "dialog-cancel-button");
        browser.waitUntil(d -> !Fields.present(browser, "dialog-cancel-button"));
    }
}
